package io.ringzero.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void escapesEverythingAParserNeeds() throws Exception {
        String nasty = "<script>alert(1)</script>\"'&\\ \n\t\u0001 \u2028 é \uD83D\uDE00 \uD800";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("path", nasty);
        doc.put("n", 12L);
        doc.put("x", 1.5);
        doc.put("nan", Double.NaN);
        doc.put("list", List.of(1, "a"));
        doc.put("arr", new long[] {1, 2, 3});
        doc.put("none", null);
        String json = new Json().value(doc).toString();
        JsonNode back = new ObjectMapper().readTree(json);
        assertThat(back.get("path").asText()).isEqualTo(nasty);
        assertThat(json).doesNotContain("\u2028");
        assertThat(back.get("n").asLong()).isEqualTo(12);
        assertThat(back.get("x").asDouble()).isEqualTo(1.5);
        assertThat(back.get("nan").isNull()).isTrue();
        assertThat(back.get("arr").toString()).isEqualTo("[1,2,3]");
        assertThat(back.get("none").isNull()).isTrue();
    }
}

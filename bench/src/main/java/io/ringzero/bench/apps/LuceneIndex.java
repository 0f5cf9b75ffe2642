package io.ringzero.bench.apps;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

import java.nio.file.Path;

/**
 * Lucene 9: N documents indexed with a commit every 1,000 (segment files written through FileChannel, synced),
 * then N/10 term queries on a reader (the index mapped with mmap).
 */
final class LuceneIndex {
    private LuceneIndex() {
    }

    static void indexAndSearch(int n, Path dir) throws Exception {
        try (FSDirectory index = FSDirectory.open(dir.resolve("lucene"));
             IndexWriter w = new IndexWriter(index, new IndexWriterConfig(new StandardAnalyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
            for (int i = 0; i < n; i++) {
                Document d = new Document();
                d.add(new StringField("id", "doc" + i, Field.Store.YES));
                d.add(new TextField("body", "the quick brown fox " + i + " jumps over the lazy dog " + (i % 97), Field.Store.NO));
                w.addDocument(d);
                if (i % 1000 == 999) {
                    w.commit();
                }
            }
            w.commit();
            try (DirectoryReader r = DirectoryReader.open(index)) {
                IndexSearcher s = new IndexSearcher(r);
                long hits = 0;
                for (int i = 0; i < n / 10; i++) {
                    hits += s.count(new TermQuery(new Term("id", "doc" + (i * 10))));
                }
                if (hits != n / 10) {
                    throw new IllegalStateException(hits + " of " + n / 10 + " documents found");
                }
            }
        }
    }
}

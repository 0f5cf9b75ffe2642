package io.ringzero.report.runfile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI's only write into a run file: {@code ringzero run} stores the kernel's own counts in the reserved
 * {@code kernel_oracle} field. The rest of the file is copied as the agent wrote it, fields this version does not
 * know included, and the file is replaced atomically.
 */
public final class RunFileWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFileWriter() {
    }

    /** @return the run file as read back after the write */
    public static LoadedRun withKernelOracle(LoadedRun loaded, Run.KernelOracle counts) throws BadInputException {
        Path file = loaded.file();
        ObjectNode tree = (ObjectNode) RunFileReader.tree(file);
        ObjectNode o = tree.putObject("kernel_oracle");
        o.put("tool", counts.tool());
        ObjectNode sys = o.putObject("syscalls");
        counts.syscalls().forEach(sys::put);
        o.put("total", counts.total());
        if (counts.tracerS() != null) {
            o.put("tracer_s", counts.tracerS());
        }
        if (counts.threads() != null) {
            var threads = o.putArray("threads");
            for (Run.KernelThread t : counts.threads()) {
                ObjectNode n = threads.addObject();
                n.put("tid", t.tid());
                n.put("name", t.name());
                n.put("calls", t.calls());
                ObjectNode by = n.putObject("syscalls");
                t.syscalls().forEach(by::put);
            }
        }
        if (counts.stacks() != null) {
            var stacks = o.putArray("stacks");
            for (Run.KernelStack s : counts.stacks()) {
                ObjectNode n = stacks.addObject();
                n.put("tid", s.tid());
                n.put("syscall", s.syscall());
                n.put("calls", s.calls());
                var frames = n.putArray("frames");
                s.frames().forEach(frames::add);
            }
        }
        Path tmp = AtomicFiles.tempBeside(file);
        try {
            JSON.writeValue(tmp.toFile(), tree);
            AtomicFiles.move(tmp, file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the message below is what matters
            }
            throw RunFileReader.bad(file, "cannot add the kernel counts (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return RunFileReader.read(file).withLabel(loaded.label());
    }
}

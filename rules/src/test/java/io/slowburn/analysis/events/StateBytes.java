package io.slowburn.analysis.events;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Serializes analysis states for round-trip and size tests. */
final class StateBytes {

    private StateBytes() {
    }

    static byte[] write(AnalysisState state) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            state.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AnalysisState roundTrip(Analysis analysis, AnalysisState state) {
        try {
            byte[] bytes = write(state);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            AnalysisState copy = analysis.readState(in);
            if (in.available() != 0) {
                throw new IllegalStateException(in.available() + " bytes left unread");
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

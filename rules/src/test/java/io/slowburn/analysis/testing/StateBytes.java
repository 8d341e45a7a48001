package io.slowburn.analysis.testing;

import io.slowburn.analysis.Analysis;
import io.slowburn.analysis.AnalysisState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Serializes and reads back analysis states in tests. */
public final class StateBytes {

    private StateBytes() {
    }

    public static byte[] of(AnalysisState state) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            state.writeTo(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AnalysisState read(Analysis analysis, byte[] bytes) {
        try {
            return analysis.readState(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AnalysisState roundTrip(Analysis analysis, AnalysisState state) {
        return read(analysis, of(state));
    }
}

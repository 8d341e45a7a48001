package io.slowburn.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** NAB's procedure on cases computed by hand. */
class NabSweeperTest {

    /** 20 rows, probation rows 0..2 (floor(0.15 * 20) = 3), one window rows 10..13 (width 4). */
    private static final LabelledSeries FILE = new LabelledSeries("f.csv", new long[20], new double[20],
        List.of(new LabelledSeries.Window(10, 13)));

    private static double scoreWithDetectionsAt(Profile profile, int... rows) {
        double[] scores = new double[20];
        for (int r : rows) {
            scores[r] = 1.0;
        }
        List<NabSweeper.ThresholdScore> sweep = NabSweeper.scoreByThreshold(NabSweeper.sweepPoints(FILE, scores, profile, 0),
            profile, 1);
        return sweep.stream().filter(t -> t.threshold() == 1.0).findFirst().orElseThrow().score();
    }

    @Test
    void shouldComputeTheScaledSigmoidAndTheProbation() {
        assertThat(NabSweeper.scaledSigmoid(-1)).isCloseTo(0.986614, within(1e-6));
        assertThat(NabSweeper.scaledSigmoid(0)).isZero();
        assertThat(NabSweeper.scaledSigmoid(1)).isCloseTo(-0.986614, within(1e-6));
        assertThat(NabSweeper.scaledSigmoid(3.5)).isEqualTo(-1.0);
        assertThat(NabSweeper.probationaryLength(20)).isEqualTo(3.0);
        assertThat(NabSweeper.probationaryLength(100_000)).isEqualTo(750.0);
    }

    @Test
    void shouldRewardTheFirstRowOfAWindowFullyAndItsLastRowLess() {
        assertThat(scoreWithDetectionsAt(Profile.STANDARD, 10)).isCloseTo(1.0, within(1e-9));
        // position -(13 - 13 + 1) / 4 = -0.25: S = 2 / (1 + e^-1.25) - 1 = 0.554596, over S(-1) = 0.986614
        assertThat(scoreWithDetectionsAt(Profile.STANDARD, 13)).isCloseTo(0.562124, within(1e-6));
        // a window counts its best detection once
        assertThat(scoreWithDetectionsAt(Profile.STANDARD, 11, 10, 12)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldChargeFalsePositivesByProfileAndIgnoreTheProbation() {
        // row 5, before any window: -fp; row 1 is probationary
        assertThat(scoreWithDetectionsAt(Profile.STANDARD, 1, 5, 10)).isCloseTo(1.0 - 0.11, within(1e-9));
        assertThat(scoreWithDetectionsAt(Profile.REWARD_LOW_FP, 5, 10)).isCloseTo(1.0 - 0.22, within(1e-9));
        // row 16, 3 rows after a window of width 4: position 3 / (4 - 1) = 1, S(1) = -0.986614, times 0.11
        assertThat(scoreWithDetectionsAt(Profile.STANDARD, 10, 16)).isCloseTo(1.0 - 0.108528, within(1e-6));
    }

    @Test
    void shouldChargeAMissedWindowItsFalseNegativeWeight() {
        assertThat(scoreWithDetectionsAt(Profile.STANDARD, 5)).isCloseTo(-1.0 - 0.11, within(1e-9));
        assertThat(scoreWithDetectionsAt(Profile.REWARD_LOW_FN, 5)).isCloseTo(-2.0 - 0.11, within(1e-9));
    }

    @Test
    void shouldPickTheBestThresholdOverTheCorpusAndNormalise() {
        double[] scores = new double[20];
        scores[5] = 0.9;
        scores[10] = 0.8;
        scores[16] = 0.1;

        NabSweeper.ThresholdScore best = NabSweeper.optimise(List.of(FILE), List.of(scores), Profile.STANDARD);

        // 1.1: -1; 0.9: -1.11; 0.8: 0.89 (best); 0.1: 0.89 - 0.108528; 0.0: every other row also detected
        assertThat(best.threshold()).isEqualTo(0.8);
        assertThat(best.score()).isCloseTo(0.89, within(1e-9));
        assertThat(best.tp()).isEqualTo(1);
        assertThat(best.fp()).isEqualTo(1);
        assertThat(NabSweeper.normalise(0.89, -1.0, 1, Profile.STANDARD)).isCloseTo(94.5, within(1e-9));
    }

    @Test
    void shouldBuildWindowsAsNabsLabelerDoes() {
        assertThat(SyntheticCorpus.windows(4032, List.of(2000))).containsExactly(new LabelledSeries.Window(1799, 2201));
        assertThat(SyntheticCorpus.windows(4032, List.of(2000, 2100))).containsExactly(new LabelledSeries.Window(1900, 2200));
        assertThat(SyntheticCorpus.windows(4032, List.of(300))).isEmpty();
    }

    @Test
    void shouldScoreTheWindowedGaussianAsNabDoes() {
        double[] v = new double[300];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? 1 : -1;
        }
        v[200] = 10;
        double[] s = Detector.windowedGaussian().score(new LabelledSeries("g", new long[300], v, List.of()));

        assertThat(s[0]).isZero();
        // after [1, -1]: mean 0, population std 1, |x - mean| / std = 1: 1 - Q(1) = 0.841345
        assertThat(s[2]).isCloseTo(0.841345, within(1e-6));
        assertThat(s[200]).isGreaterThan(0.999999);
    }
}

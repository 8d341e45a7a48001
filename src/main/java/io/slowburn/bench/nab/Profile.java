package io.slowburn.bench.nab;

import java.util.List;

/** A NAB application profile: the weights of {@code config/profiles.json} (the TN weight is never used by NAB). */
public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
    public static final Profile REWARD_LOW_FP = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final Profile REWARD_LOW_FN = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /** The three profiles, in NAB's scoreboard order. */
    public static final List<Profile> ALL = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
}

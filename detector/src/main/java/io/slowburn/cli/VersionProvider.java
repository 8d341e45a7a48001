package io.slowburn.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = SlowburnMain.class.getPackage().getImplementationVersion();
        return new String[] {"slowburn " + (v == null ? "dev" : v)};
    }
}

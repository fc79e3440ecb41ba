package dev.prodaudit.probe;

/** The verdict of one check. Order matters: it is the order of the summary line. */
public enum Status {
    PASS, FAIL, WARN, ERROR, SKIP, MANUAL, WAIVED;

    /** The worse of two statuses, for probes that combine several observations. */
    public static Status worst(Status a, Status b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(Status s) {
        return switch (s) {
            case PASS, SKIP, MANUAL, WAIVED -> 0;
            case WARN -> 1;
            case FAIL -> 2;
            case ERROR -> 3;
        };
    }

    public String label() {
        return name();
    }
}

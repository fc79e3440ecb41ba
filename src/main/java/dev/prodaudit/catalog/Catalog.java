package dev.prodaudit.catalog;

import java.util.List;
import java.util.Optional;

/** The checks of a run, in catalogue order, and the files they came from. */
public record Catalog(List<Check> checks, List<String> sources) {

    public Catalog {
        checks = List.copyOf(checks);
        sources = List.copyOf(sources);
    }

    public Optional<Check> find(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}

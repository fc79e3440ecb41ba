package dev.prodaudit.testing.cycle.orders;

import dev.prodaudit.testing.cycle.billing.Invoice;

/** Half of a deliberate package cycle: ArchitectureTest proves its rule reports one. */
public record Order(String id, Invoice invoice) {}

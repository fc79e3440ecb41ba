package dev.prodaudit.testing.cycle.billing;

import dev.prodaudit.testing.cycle.orders.Order;

/** The other half of the deliberate package cycle in {@code testing.cycle}. */
public record Invoice(String number, Order order) {}

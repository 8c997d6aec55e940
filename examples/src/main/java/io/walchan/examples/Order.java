package io.walchan.examples;

/**
 * The message of every example. Any type Jackson can write and read works; a record
 * needs nothing else.
 *
 * @param id the order's id, unique: consumers use it to recognise a redelivery
 * @param quantity how many items
 */
public record Order(String id, int quantity) {
}

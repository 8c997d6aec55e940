package io.walchan.camel;

/** A JSON body for the tests. */
public record Order(int id, String item) {
}

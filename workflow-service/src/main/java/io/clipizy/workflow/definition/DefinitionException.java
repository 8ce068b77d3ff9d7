package io.clipizy.workflow.definition;

/** A workflow definition or catalogue that cannot be loaded; the message names the file, node and field. */
public class DefinitionException extends RuntimeException {
    public DefinitionException(String message) {
        super(message);
    }

    /** The same problem with where it was found prefixed: {@code file: node 'x': field 'y': ...}. */
    public DefinitionException at(String where) {
        return new DefinitionException(where + ": " + getMessage());
    }
}

"""One mixin per resource area; LogClient inherits them all."""

// Placeholder until the module lands; see the module's door header.

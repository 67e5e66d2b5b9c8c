/// The migrations compiled into this binary from `Migrations/*.sql` (see
/// `Generated/EmbeddedMigrations+All.swift`, written by `Ops/embed`).
public enum EmbeddedMigrations {}

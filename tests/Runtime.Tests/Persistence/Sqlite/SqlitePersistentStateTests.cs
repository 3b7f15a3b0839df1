namespace FraudActors.Runtime.Tests.Persistence.Sqlite;

/// <summary>The silo's default storage is SQLite.</summary>
public sealed class SqlitePersistentStateTests : PersistentStateContract;

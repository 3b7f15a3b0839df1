using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// One append waiting for its batch to commit: the decision, encoded on the appender's thread (so the single writer
/// only copies), and the completion its caller awaits. Continuations run asynchronously, so no caller's code runs on
/// the writer's loop.
/// </summary>
internal sealed class PostgresPendingAppend(LoggedDecision decision, long schemaId, byte[] features, byte[] reasons, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<AppendOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoggedDecision Decision { get; } = decision;

    public long SchemaId { get; } = schemaId;

    /// <summary>The features' encoding (<see cref="Sqlite.DecisionBlobs.WriteFeatures"/>).</summary>
    public byte[] Features { get; } = features;

    /// <summary>The reasons' encoding (<see cref="Sqlite.DecisionBlobs.WriteReasons"/>).</summary>
    public byte[] Reasons { get; } = reasons;

    /// <summary>The caller's token: an append cancelled before the writer takes it is dropped, not written.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public string TransactionId => Decision.Request.TransactionId;

    public Task<AppendOutcome> Task => _completion.Task;

    public void Complete(AppendOutcome outcome) => _completion.TrySetResult(outcome);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}

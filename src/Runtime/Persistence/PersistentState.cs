using FraudActors.Runtime.Activation;

namespace FraudActors.Runtime.Persistence;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: one named state of one activation.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IActivationState
{
    private readonly ActivationData _activation;
    private readonly string _stateName;
    private readonly IGrainStorage _storage;
    private readonly IGrainStateSerializer _serializer;

    public PersistentState(ActivationData activation, string stateName, IGrainStorage storage, IGrainStateSerializer serializer)
    {
        _activation = activation;
        _stateName = stateName;
        _storage = storage;
        _serializer = serializer;
        State = Activator.CreateInstance<TState>();
    }

    public TState State { get; set; }

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_activation.GrainId, _stateName, cancellationToken).ConfigureAwait(true);
        if (record is null)
        {
            State = Activator.CreateInstance<TState>();
            Etag = null;
            return;
        }

        State = _serializer.Deserialize<TState>(record.Payload.Span);
        Etag = record.Etag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = _serializer.Serialize(State);
        try
        {
            Etag = await _storage.WriteAsync(_activation.GrainId, _stateName, payload, Etag, cancellationToken).ConfigureAwait(true);
        }
        catch (InconsistentStateException exception)
        {
            StepDown(exception);
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.ClearAsync(_activation.GrainId, _stateName, Etag, cancellationToken).ConfigureAwait(true);
        }
        catch (InconsistentStateException exception)
        {
            StepDown(exception);
            throw;
        }

        Etag = null;
        State = Activator.CreateInstance<TState>();
    }

    /// <summary>A newer version exists: this activation is stale, even if the grain swallows the exception.</summary>
    private void StepDown(InconsistentStateException exception) =>
        _activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, exception.Message));
}

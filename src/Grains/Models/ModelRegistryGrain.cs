using System.Collections.Immutable;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Ml.Artifacts;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Signals;

namespace FraudActors.Grains.Models;

/// <summary>
/// The model registry (singleton). Every change is written to its state before it is answered, recorded in its
/// history with who made it, raises the assignment revision when it changes what silos serve, and signals the silos.
/// Artifacts are verified against their hash before a version may serve, so a corrupted file changes nothing.
/// </summary>
internal sealed class ModelRegistryGrain(
    [PersistentState("registry")] IPersistentState<ModelRegistryState> state,
    IArtifactStore artifacts,
    IClusterSignals signals,
    IServingReports reports) : Grain, IModelRegistryGrain
{
    private ModelRegistryState State => state.State;

    public async ValueTask<ModelRegistryView> GetAsync() => await ViewAsync().ConfigureAwait(true);

    public async ValueTask<ModelRollout> GetRolloutAsync()
    {
        var revision = State.Revision;
        var silos = await ServingAsync(revision).ConfigureAwait(true);
        return new ModelRollout(revision, silos.Length > 0 && silos.All(s => s.State == SiloServingState.Current), silos);
    }

    public ValueTask<ModelAssignment> GetAssignmentAsync() => ValueTask.FromResult(Assignment());

    public async ValueTask<ModelVersionView> RegisterAsync(ModelDescription description, string actor)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (string.IsNullOrWhiteSpace(description.Version) || description.Version.Length > 128)
        {
            throw new ModelRegistryException(ModelRegistryError.Invalid, "A version name must have 1 to 128 characters.");
        }

        if (Find(description.Version) is { } existing)
        {
            return existing.Description.SameAs(description)
                ? ViewOf(existing)
                : throw new ModelRegistryException(ModelRegistryError.NotAllowed, $"Version {description.Version} is already registered with other content.");
        }

        await VerifyArtifactAsync(description).ConfigureAwait(true);
        var registered = new RegisteredModel(description, ModelStatus.Registered, null, TimeProvider.GetUtcNow());
        State.Versions.Add(registered);
        Record("registered", actor, description.Version, $"{description.CreatedBy}; holdout {Describe(description.Holdout)}");
        await state.WriteStateAsync().ConfigureAwait(true);
        return ViewOf(registered);
    }

    public async ValueTask<ModelRegistryView> PromoteAsync(string version, string actor, string? reason)
    {
        var candidate = Require(version);
        if (State.Champion == version)
        {
            return await ViewAsync().ConfigureAwait(true);
        }

        if (candidate.Status == ModelStatus.Rejected)
        {
            throw new ModelRegistryException(ModelRegistryError.NotAllowed, $"Version {version} was rejected ({candidate.StatusReason}) and cannot be promoted.");
        }

        await VerifyArtifactAsync(candidate.Description).ConfigureAwait(true);
        Crown(version);
        Record("promoted", actor, version, reason ?? "promoted");
        return await CommitAssignmentAsync().ConfigureAwait(true);
    }

    public async ValueTask<ModelRegistryView> RollbackAsync(string? toVersion, string actor)
    {
        var target = toVersion ?? (State.PreviousChampions.Count > 0 ? State.PreviousChampions[^1] : null)
            ?? throw new ModelRegistryException(ModelRegistryError.Invalid, "There is no previous champion to roll back to.");
        var candidate = Require(target);
        if (State.Champion == target)
        {
            throw new ModelRegistryException(ModelRegistryError.NotAllowed, $"Version {target} is already the champion.");
        }

        if (candidate.Status == ModelStatus.Rejected)
        {
            throw new ModelRegistryException(ModelRegistryError.NotAllowed, $"Version {target} was rejected ({candidate.StatusReason}); roll back to another one.");
        }

        await VerifyArtifactAsync(candidate.Description).ConfigureAwait(true);
        var from = State.Champion;
        Crown(target);

        // Rolling back must not make the version rolled away from the next rollback target.
        State.PreviousChampions.RemoveAll(v => v == from);
        Record("rolled-back", actor, target, $"from {from ?? "none"}");
        return await CommitAssignmentAsync().ConfigureAwait(true);
    }

    public async ValueTask<ModelRegistryView> SetChallengerAsync(string? version, string actor)
    {
        if (version is null)
        {
            if (State.Challenger is null)
            {
                return await ViewAsync().ConfigureAwait(true);
            }

            SetStatus(State.Challenger, ModelStatus.Registered, null);
            Record("challenger-cleared", actor, State.Challenger, "the champion serves alone");
            State.Challenger = null;
            State.Traffic = TrafficPolicy.ChampionOnly;
            return await CommitAssignmentAsync().ConfigureAwait(true);
        }

        var candidate = Require(version);
        if (candidate.Status is ModelStatus.Rejected or ModelStatus.Champion)
        {
            throw new ModelRegistryException(ModelRegistryError.NotAllowed, $"Version {version} is {candidate.Status.ToString().ToLowerInvariant()} and cannot be the challenger.");
        }

        await VerifyArtifactAsync(candidate.Description).ConfigureAwait(true);
        if (State.Challenger is { } previous && previous != version)
        {
            SetStatus(previous, ModelStatus.Registered, null);
        }

        State.Challenger = version;
        SetStatus(version, ModelStatus.Challenger, null);
        Record("challenger-set", actor, version, $"traffic stays {Describe(State.Traffic)}");
        return await CommitAssignmentAsync().ConfigureAwait(true);
    }

    public async ValueTask<ModelRegistryView> SetTrafficAsync(TrafficPolicy traffic, string actor)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        if (!Enum.IsDefined(traffic.Mode) || !double.IsFinite(traffic.CanaryPercent) || traffic.CanaryPercent is < 0 or > 100)
        {
            throw new ModelRegistryException(ModelRegistryError.Invalid, "canaryPercent must be between 0 and 100.");
        }

        if (traffic.Mode != TrafficMode.ChampionOnly && State.Challenger is null)
        {
            throw new ModelRegistryException(ModelRegistryError.Invalid, $"{traffic.Mode} traffic needs a challenger; set one first.");
        }

        State.Traffic = traffic;
        Record("traffic-set", actor, State.Challenger, Describe(traffic));
        return await CommitAssignmentAsync().ConfigureAwait(true);
    }

    public async ValueTask<ModelRegistryView> RejectAsync(string version, string reason, string actor)
    {
        var candidate = Require(version);
        if (State.Champion == version)
        {
            throw new ModelRegistryException(ModelRegistryError.NotAllowed, $"Version {version} is the champion: promote or roll back to another version first.");
        }

        var wasChallenger = State.Challenger == version;
        if (wasChallenger)
        {
            State.Challenger = null;
            State.Traffic = TrafficPolicy.ChampionOnly;
        }

        SetStatus(candidate.Description.Version, ModelStatus.Rejected, reason);
        Record("rejected", actor, version, reason);
        if (wasChallenger)
        {
            return await CommitAssignmentAsync().ConfigureAwait(true);
        }

        await state.WriteStateAsync().ConfigureAwait(true);
        return await ViewAsync().ConfigureAwait(true);
    }

    private void Crown(string version)
    {
        if (State.Champion is { } previous)
        {
            SetStatus(previous, ModelStatus.Retired, null);
            State.PreviousChampions.RemoveAll(v => v == previous);
            State.PreviousChampions.Add(previous);
        }

        if (State.Challenger == version)
        {
            State.Challenger = null;
            State.Traffic = TrafficPolicy.ChampionOnly;
        }

        State.PreviousChampions.RemoveAll(v => v == version);
        State.Champion = version;
        SetStatus(version, ModelStatus.Champion, null);
    }

    private async Task<ModelRegistryView> CommitAssignmentAsync()
    {
        State.Revision++;
        await state.WriteStateAsync().ConfigureAwait(true);

        // After the write: a silo that looks must find the new assignment.
        await signals.PublishAsync(IModelRegistryGrain.AssignmentChannel, CancellationToken.None).ConfigureAwait(true);
        return await ViewAsync().ConfigureAwait(true);
    }

    private async Task VerifyArtifactAsync(ModelDescription description)
    {
        try
        {
            var bytes = await artifacts.GetAsync(description.ArtifactSha256, CancellationToken.None).ConfigureAwait(true);
            Ml.Models.ScoringModel.Load(description.Version, description.ArtifactSha256, description.FeatureSchemaHash, bytes);
        }
        catch (Exception exception) when (exception is ArtifactNotFoundException or ArtifactCorruptedException or InvalidDataException)
        {
            throw new ModelRegistryException(ModelRegistryError.CorruptArtifact, $"Version {description.Version} cannot serve: {exception.Message}");
        }
    }

    private RegisteredModel? Find(string version) => State.Versions.Find(v => v.Description.Version == version);

    private RegisteredModel Require(string version) =>
        Find(version) ?? throw new ModelRegistryException(ModelRegistryError.UnknownVersion, $"No model version '{version}' is registered.");

    private void SetStatus(string version, ModelStatus status, string? reason)
    {
        var index = State.Versions.FindIndex(v => v.Description.Version == version);
        if (index >= 0)
        {
            State.Versions[index] = State.Versions[index] with { Status = status, StatusReason = reason };
        }
    }

    private void Record(string action, string actor, string? version, string detail) =>
        State.History.Add(new RegistryEvent(TimeProvider.GetUtcNow(), action, actor, version, detail));

    private ModelAssignment Assignment() => new(State.Revision, Served(State.Champion), Served(State.Challenger), State.Traffic);

    private ServedModel? Served(string? version) =>
        version is null || Find(version) is not { } model
            ? null
            : new ServedModel(version, model.Description.ArtifactSha256, model.Description.FeatureSchemaHash);

    private async Task<ModelRegistryView> ViewAsync()
    {
        // The assignment is taken before the reports are read, so a silo is never called behind an assignment newer
        // than the one shown beside it.
        var assignment = Assignment();
        var silos = await ServingAsync(assignment.Revision).ConfigureAwait(true);
        return new(
            assignment,
            State.Versions.OrderByDescending(v => v.RegisteredAt).Select(ViewOf).ToImmutableArray(),
            silos,
            Enumerable.Reverse(State.History).ToImmutableArray());
    }

    private async Task<ImmutableArray<SiloServing>> ServingAsync(long revision)
    {
        var active = await reports.ReadActiveAsync(CancellationToken.None).ConfigureAwait(true);
        return [.. active.OrderBy(s => s.Silo, StringComparer.Ordinal).Select(s => Serving(s, revision))];
    }

    private static SiloServing Serving(ActiveSiloReport silo, long revision) => silo.Report is not { } report
        ? new SiloServing(silo.Silo, SiloServingState.NotReported, null, null, null, null, null)
        : new SiloServing(
            silo.Silo,
            report.Revision >= revision ? SiloServingState.Current : SiloServingState.Behind,
            report.Revision,
            report.Champion,
            report.Challenger,
            report.Error,
            report.At);

    private static ModelVersionView ViewOf(RegisteredModel model) => new(model.Description, model.Status, model.StatusReason, model.RegisteredAt);

    private static string Describe(ModelScores? scores) =>
        scores is null ? "not evaluated" : $"AUC {scores.AucRoc:0.000}, AP {scores.AveragePrecision:0.000}, CP@100 {scores.CardPrecisionAt100:0.000}";

    private static string Describe(TrafficPolicy traffic) => traffic.Mode switch
    {
        TrafficMode.Canary => $"canary {traffic.CanaryPercent:0.##} %",
        TrafficMode.Shadow => "shadow",
        _ => "champion only",
    };
}

using FraudActors.Grains.Interfaces.Models;

namespace FraudActors.Grains.Models;

/// <summary>The registry's durable state (grain state, ETag-guarded like any other).</summary>
internal sealed class ModelRegistryState
{
    /// <summary>The assignment revision; raised by every change of what silos must serve.</summary>
    public long Revision { get; set; }

    public List<RegisteredModel> Versions { get; set; } = [];

    public string? Champion { get; set; }

    public string? Challenger { get; set; }

    /// <summary>Former champions, most recent last: what a rollback without a target returns to.</summary>
    public List<string> PreviousChampions { get; set; } = [];

    public TrafficPolicy Traffic { get; set; } = TrafficPolicy.ChampionOnly;

    public List<RegistryEvent> History { get; set; } = [];
}

/// <summary>A registered version and its standing.</summary>
internal sealed record RegisteredModel(ModelDescription Description, ModelStatus Status, string? StatusReason, DateTimeOffset RegisteredAt);

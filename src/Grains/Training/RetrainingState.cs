using FraudActors.Grains.Interfaces.Training;

namespace FraudActors.Grains.Training;

/// <summary>Retraining's durable state: the reports of past jobs.</summary>
internal sealed class RetrainingState
{
    public List<RetrainingReport> Reports { get; set; } = [];
}

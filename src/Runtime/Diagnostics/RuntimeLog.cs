using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Diagnostics;

/// <summary>Source-generated log messages of the runtime.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed")]
    public static partial void ActivationFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed ({Reason})")]
    public static partial void DeactivationFailed(this ILogger logger, Exception exception, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "A timer callback of grain {GrainId} failed")]
    public static partial void TimerFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    public static partial void IdleCollected(this ILogger logger, int count);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Silo runtime stopping: deactivating {Count} activations")]
    public static partial void Stopping(this ILogger logger, int count);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Silo runtime stop: {Count} activations did not deactivate within {Timeout}")]
    public static partial void StopTimedOut(this ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Silo runtime stopped")]
    public static partial void Stopped(this ILogger logger);
}

using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>Source-generated log messages of cluster membership (event ids 200–219).</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Silo {Silo} joining cluster {ClusterId}")]
    public static partial void Joining(this ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Silo {Silo} is active")]
    public static partial void Active(this ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Membership view {Version}: {ActiveCount} active silos [{ActiveSilos}]")]
    public static partial void ViewChanged(this ILogger logger, long version, int activeCount, string activeSilos);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Declared silo {Suspect} dead: silent for {Silence} (timeout {DeathTimeout})")]
    public static partial void DeclaredDead(this ILogger logger, SiloAddress suspect, TimeSpan silence, TimeSpan deathTimeout);

    [LoggerMessage(EventId = 204, Level = LogLevel.Critical, Message = "Silo {Silo} is dead in the membership table ({Reason}): stepping down; it will not serve again under this identity")]
    public static partial void SteppingDown(this ILogger logger, SiloAddress silo, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Heartbeat of silo {Silo} failed; retrying next period")]
    public static partial void HeartbeatFailed(this ILogger logger, Exception exception, SiloAddress silo);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Reading the membership table failed; retrying next period")]
    public static partial void RefreshFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Silo {Silo} leaving: {Status}")]
    public static partial void Leaving(this ILogger logger, SiloAddress silo, MembershipStatus status);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Silo {Silo} could not record {Status} on leaving; its peers will declare it dead after the timeout")]
    public static partial void LeaveFailed(this ILogger logger, Exception exception, SiloAddress silo, MembershipStatus status);

    [LoggerMessage(EventId = 209, Level = LogLevel.Debug, Message = "Deleted {Count} rows of long-dead silos")]
    public static partial void CleanedUp(this ILogger logger, int count);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Deleting rows of long-dead silos failed")]
    public static partial void CleanUpFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 211, Level = LogLevel.Error, Message = "A step-down callback failed")]
    public static partial void StepDownCallbackFailed(this ILogger logger, Exception exception);
}

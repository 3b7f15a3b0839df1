using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Grains.Interfaces.Training;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Drift;

/// <summary>
/// Checks drift on a durable reminder and asks for retraining on a significant shift. The report itself is the drift
/// grain's, computed off any turn; this grain's turn only awaits it, and nothing else waits on this grain. A check that
/// fails is logged and the reminder keeps ticking.
/// </summary>
internal sealed partial class DriftWatchGrain(
    [PersistentState("drift-watch")] IPersistentState<DriftWatchState> state,
    IOptions<DriftOptions> options,
    DriftInstruments instruments,
    ILogger<DriftWatchGrain> logger) : Grain, IDriftWatchGrain, IRemindable
{
    private const string ReminderName = "drift-check";
    private int _checks;
    private DateTimeOffset? _lastCheckAt;
    private DriftReport? _lastReport;
    private string? _lastOutcome;

    public async ValueTask StartAsync()
    {
        var period = options.Value.CheckPeriod;
        var existing = (await GetRemindersAsync().ConfigureAwait(true)).FirstOrDefault(r => r.ReminderName == ReminderName);
        if (period <= TimeSpan.Zero)
        {
            if (existing is not null)
            {
                await UnregisterReminderAsync(ReminderName).ConfigureAwait(true);
            }

            LogOff(logger);
            return;
        }

        if (existing?.Period != period)
        {
            await RegisterOrUpdateReminderAsync(ReminderName, period, period).ConfigureAwait(true);
            LogScheduled(logger, period);
        }
    }

    public Task ReceiveReminderAsync(string reminderName, TickStatus status) => CheckAsync().AsTask();

    public async ValueTask<DriftWatchStatus> CheckAsync()
    {
        var settings = options.Value;
        _checks++;
        _lastCheckAt = TimeProvider.GetUtcNow();
        try
        {
            _lastReport = await GrainFactory.GetGrain<IDriftGrain>(IDriftGrain.Key).ReportAsync(settings.WindowDays).ConfigureAwait(true);
            instruments.Checked(_lastReport);
            _lastOutcome = await ActAsync(_lastReport, settings).ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            LogCheckFailed(logger, exception);
            _lastOutcome = $"failed: {exception.Message}";
        }

        return Status();
    }

    public ValueTask<DriftWatchStatus> GetStatusAsync() => ValueTask.FromResult(Status());

    private async Task<string> ActAsync(DriftReport report, DriftOptions settings)
    {
        if (!report.IsSignificant)
        {
            return report.Verdict == DriftReport.InsufficientData ? "insufficient data" : "no significant drift";
        }

        var retraining = GrainFactory.GetGrain<IRetrainingGrain>(IRetrainingGrain.Key);
        if ((await retraining.GetStatusAsync().ConfigureAwait(true)).Running is not null)
        {
            return "retraining running";
        }

        var now = TimeProvider.GetUtcNow();
        if (state.State.LastRequestedAt is { } last && now - last < settings.Cooldown)
        {
            return "cooling down";
        }

        var reason = $"drift in {string.Join(", ", report.Drifted)}";
        await retraining.RequestAsync(new RetrainingRequest(reason, IDriftWatchGrain.Actor)).ConfigureAwait(true);
        state.State.LastRequestedAt = now;
        state.State.LastReason = reason;
        await state.WriteStateAsync().ConfigureAwait(true);
        LogRequested(logger, reason);
        return "retraining requested";
    }

    private DriftWatchStatus Status() =>
        new(_checks, _lastCheckAt, _lastReport, _lastOutcome, state.State.LastRequestedAt, state.State.LastReason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift checks every {Period}")]
    private static partial void LogScheduled(ILogger logger, TimeSpan period);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift checks are off (Drift:CheckPeriod is zero)")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Significant drift; retraining requested ({Reason})")]
    private static partial void LogRequested(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A drift check failed; the next tick tries again")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;

namespace FraudActors.Runtime.Reminders;

/// <summary>
/// A reminder tick on its way to the grain: an ordinary message through the grain's own message path, so it runs as
/// a turn, activates the grain when needed and counts as activity (as in Orleans); it never travels between silos.
/// </summary>
internal sealed class ReminderTick(GrainId target, string reminderName, TickStatus status, long deadlineTimestamp, IResponseSink<NoResult> sink)
    : Message<NoResult>(target, new ReminderTickRequest(reminderName, status), deadlineTimestamp, sink)
{
    private sealed class ReminderTickRequest(string reminderName, TickStatus status) : GrainRequest<NoResult>
    {
        private static readonly GrainMethodDescriptor Descriptor =
            new(nameof(IRemindable), nameof(IRemindable.ReceiveReminderAsync), -2, GrainMethodOptions.None, null,
                static () => throw new NotSupportedException("Reminder ticks never travel."));

        public override GrainMethodDescriptor Method => Descriptor;

        public override ValueTask<NoResult> InvokeAsync(object grain) => grain is IRemindable remindable
            ? FromTask(remindable.ReceiveReminderAsync(reminderName, status))
            : throw new InvalidOperationException(
                $"{grain.GetType().Name} has reminder '{reminderName}' but does not implement {nameof(IRemindable)}.");

        public override void WriteArguments(IArgumentWriter writer) => throw new NotSupportedException("Reminder ticks never travel.");

        public override void ReadArguments(IArgumentReader reader) => throw new NotSupportedException("Reminder ticks never travel.");
    }
}

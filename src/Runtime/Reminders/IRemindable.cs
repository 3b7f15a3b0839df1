namespace FraudActors.Runtime.Reminders;

/// <summary>
/// Implemented by a grain class that registers reminders: each tick arrives as an ordinary turn (Orleans'
/// <c>IRemindable.ReceiveReminder</c>). A tick activates the grain if it is not active, and counts as activity for
/// idle collection.
/// </summary>
public interface IRemindable
{
    /// <summary>Receives one tick of the reminder <paramref name="reminderName"/>.</summary>
    /// <param name="reminderName">The name the reminder was registered under.</param>
    /// <param name="status">When the reminder first ticked, its period, and when this tick was due.</param>
    Task ReceiveReminderAsync(string reminderName, TickStatus status);
}

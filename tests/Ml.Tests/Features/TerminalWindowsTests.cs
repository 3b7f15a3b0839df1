using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

public sealed class TerminalWindowsTests
{
    private const long Day = 86_400;
    private const long Hour = 3_600;

    // Wednesday 2018-05-16 12:00:00 UTC: far enough from the range start for 38 days of history.
    private static readonly long T = new DateTimeOffset(2018, 5, 16, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static TerminalWindows With(params (long Time, bool Fraud)[] entries)
    {
        var windows = new TerminalWindows();
        for (int i = 0; i < entries.Length; i++)
        {
            windows.Add(entries[i].Time, entries[i].Fraud, key: i);
        }

        return windows;
    }

    [Fact]
    public void Transaction_exactly_seven_days_back_counts()
    {
        var features = With((T - (7 * Day), false)).FeaturesAt(T);

        Assert.Equal(new TerminalWindowFeatures(1, 0, 1, 0, 1, 0), features);
    }

    [Fact]
    public void Transaction_one_second_inside_the_delay_does_not_count()
    {
        var features = With((T - (7 * Day) + 1, true)).FeaturesAt(T);

        Assert.Equal(new TerminalWindowFeatures(0, 0, 0, 0, 0, 0), features);
    }

    [Fact]
    public void Transaction_exactly_eight_days_back_is_outside_the_one_day_window_but_inside_the_others()
    {
        var features = With((T - (8 * Day), true)).FeaturesAt(T);

        Assert.Equal(new TerminalWindowFeatures(0, 0, 1, 1, 1, 1), features);
        Assert.Equal(0.0, features.Risk1Day);
        Assert.Equal(1.0, features.Risk7Day);
    }

    [Fact]
    public void Every_window_edge_is_open_below_and_closed_above()
    {
        var windows = With(
            (T - (37 * Day), false),     // outside all: (t − 37 d is the open end of the 30-day window)
            (T - (37 * Day) + 1, false), // 30
            (T - (14 * Day), false),     // 30
            (T - (14 * Day) + 1, false), // 7, 30
            (T - (8 * Day), false),      // 7, 30
            (T - (8 * Day) + 1, false),  // 1, 7, 30
            (T - (7 * Day), false),      // 1, 7, 30
            (T - (7 * Day) + 1, false),  // none yet
            (T, false));                 // none yet

        var features = windows.FeaturesAt(T);

        Assert.Equal(2, features.Count1Day);
        Assert.Equal(4, features.Count7Day);
        Assert.Equal(6, features.Count30Day);
    }

    [Fact]
    public void Empty_window_has_zero_risk()
    {
        var features = new TerminalWindows().FeaturesAt(T);

        Assert.Equal(default, features);
        Assert.Equal(0.0, features.Risk1Day);
        Assert.Equal(0.0, features.Risk30Day);
    }

    [Fact]
    public void Risk_is_frauds_over_transactions_in_each_window()
    {
        var windows = With(
            (T - (20 * Day), true),
            (T - (10 * Day), false),
            (T - (9 * Day), true),
            (T - (7 * Day) - Hour, true),
            (T - (7 * Day) - (2 * Hour), false));

        var features = windows.FeaturesAt(T);

        Assert.Equal(new TerminalWindowFeatures(2, 1, 4, 2, 5, 3), features);
        Assert.Equal(0.5, features.Risk1Day);
        Assert.Equal(0.5, features.Risk7Day);
        Assert.Equal(0.6, features.Risk30Day);
    }

    [Fact]
    public void Label_arriving_for_a_transaction_already_in_the_window_counts_from_then_on()
    {
        var windows = With((T - (8 * Day) + Hour, false), (T - (8 * Day) + (2 * Hour), false));
        Assert.Equal(new TerminalWindowFeatures(2, 0, 2, 0, 2, 0), windows.FeaturesAt(T));

        Assert.True(windows.SetLabel(1, true));

        Assert.Equal(new TerminalWindowFeatures(2, 1, 2, 1, 2, 1), windows.FeaturesAt(T));
        Assert.Equal(new TerminalWindowFeatures(2, 1, 2, 1, 2, 1), windows.FeaturesAt(T + 1));
    }

    [Fact]
    public void Label_arriving_before_the_transaction_enters_the_window_counts_when_it_enters()
    {
        var windows = With((T - Day, false));
        Assert.Equal(default, windows.FeaturesAt(T));

        Assert.True(windows.SetLabel(0, true));

        Assert.Equal(new TerminalWindowFeatures(1, 1, 1, 1, 1, 1), windows.FeaturesAt(T + (6 * Day)));
    }

    [Fact]
    public void Label_correction_flips_the_count_back()
    {
        var windows = With((T - (8 * Day) + Hour, false));
        windows.SetLabel(0, true);
        Assert.Equal(1, windows.FeaturesAt(T).Frauds1Day);

        windows.SetLabel(0, false);

        Assert.Equal(new TerminalWindowFeatures(1, 0, 1, 0, 1, 0), windows.FeaturesAt(T));
    }

    [Fact]
    public void Repeating_a_label_does_not_count_it_twice()
    {
        var windows = With((T - (8 * Day) + Hour, false));
        windows.FeaturesAt(T);

        windows.SetLabel(0, true);
        windows.SetLabel(0, true);

        Assert.Equal(1, windows.FeaturesAt(T).Frauds1Day);
    }

    [Fact]
    public void Label_for_an_unknown_key_is_reported_unknown()
    {
        Assert.False(With((T, false)).SetLabel(42, true));
    }

    [Fact]
    public void Label_of_a_transaction_that_left_the_windows_does_not_disturb_them()
    {
        var windows = With((T - (40 * Day), false), (T - (8 * Day) + Hour, true));
        Assert.Equal(new TerminalWindowFeatures(1, 1, 1, 1, 1, 1), windows.FeaturesAt(T));

        windows.SetLabel(0, true);

        Assert.Equal(new TerminalWindowFeatures(1, 1, 1, 1, 1, 1), windows.FeaturesAt(T));
    }

    [Fact]
    public void Queries_back_in_time_are_answered_exactly()
    {
        var windows = With(
            (T - (9 * Day), true),
            (T - (8 * Day) + Hour, false),
            (T - (7 * Day) - Hour, true),
            (T - (7 * Day) + Hour, false),
            (T, false));

        var later = windows.FeaturesAt(T + (2 * Hour));
        var earlier = windows.FeaturesAt(T - (2 * Hour));
        var again = windows.FeaturesAt(T + (2 * Hour));

        // At T + 2 h: (T − 8 d + 2 h, T − 7 d + 2 h] for 1 day holds T − 7 d − 1 h and T − 7 d + 1 h.
        Assert.Equal(new TerminalWindowFeatures(2, 1, 4, 2, 4, 2), later);

        // At T − 2 h: (T − 8 d − 2 h, T − 7 d − 2 h] holds T − 8 d + 1 h only.
        Assert.Equal(new TerminalWindowFeatures(1, 0, 2, 1, 2, 1), earlier);
        Assert.Equal(later, again);
    }

    [Fact]
    public void Arrival_out_of_time_order_lands_in_the_windows_it_belongs_to()
    {
        var windows = With((T - (8 * Day) + Hour, false), (T, false));
        Assert.Equal(new TerminalWindowFeatures(1, 0, 1, 0, 1, 0), windows.FeaturesAt(T));

        windows.Add(T - (8 * Day) + (2 * Hour), true, key: 10); // inside the current windows
        windows.Add(T - (10 * Day), true, key: 11);             // inside 7 and 30 days
        windows.Add(T - (7 * Day) + 1, true, key: 12);          // not yet in any

        Assert.Equal(new TerminalWindowFeatures(2, 1, 3, 2, 3, 2), windows.FeaturesAt(T));
        Assert.Equal(new TerminalWindowFeatures(3, 2, 4, 3, 4, 3), windows.FeaturesAt(T + 1));
    }

    [Fact]
    public void Remove_takes_a_transaction_out_of_the_windows_it_was_in()
    {
        var windows = With(
            (T - (10 * Day), true),
            (T - (8 * Day) + Hour, true),
            (T - (7 * Day) - Hour, false),
            (T - Day, true));
        Assert.Equal(new TerminalWindowFeatures(2, 1, 3, 2, 3, 2), windows.FeaturesAt(T));

        Assert.True(windows.Remove(1));
        Assert.True(windows.Remove(3));
        Assert.False(windows.Remove(3));

        Assert.Equal(new TerminalWindowFeatures(1, 0, 2, 1, 2, 1), windows.FeaturesAt(T));
        // At T + 6 d + 1 s the windows end at T − 1 d + 1 s: the removed T − 1 d entry would have been the 1-day window.
        Assert.Equal(new TerminalWindowFeatures(0, 0, 1, 0, 2, 1), windows.FeaturesAt(T + (6 * Day) + 1));
        Assert.Equal(T - Day, windows.LatestUnixSeconds);
    }

    [Fact]
    public void Query_beyond_the_allowed_lateness_is_refused()
    {
        var windows = new TerminalWindows(TimeSpan.FromDays(1));
        windows.Add(T, false, key: 1);

        var ex = Assert.Throws<LateTransactionException>(() => windows.FeaturesAt(T - Day - 1));

        Assert.Equal(TimeSpan.FromSeconds(Day + 1), ex.Lateness);
        Assert.True(windows.IsTooLate(T - Day - 1));
        Assert.False(windows.IsTooLate(T - Day));
        Assert.Equal(default, windows.FeaturesAt(T - Day));
    }

    [Fact]
    public void Arrival_too_old_to_reach_any_answerable_query_is_not_stored()
    {
        var windows = new TerminalWindows(TimeSpan.FromDays(1));
        windows.Add(T, false, key: 1);

        // Retained: (T − 7 d − 30 d − 1 d, T]; the earliest answerable query, T − 1 d, reaches back to T − 38 d exclusive.
        Assert.False(windows.Add(T - (38 * Day), true, key: 2));
        Assert.True(windows.Add(T - (38 * Day) + 1, true, key: 3));

        Assert.Equal(new TerminalWindowFeatures(0, 0, 0, 0, 1, 1), windows.FeaturesAt(T - Day));
        Assert.False(windows.Contains(2));
    }

    [Fact]
    public void A_year_of_daily_transactions_keeps_only_the_delay_thirty_days_and_the_lateness()
    {
        var windows = new TerminalWindows(TimeSpan.FromDays(1));
        TerminalWindowFeatures last = default;
        for (int day = 0; day < 365; day++)
        {
            last = windows.FeaturesAt(T + (day * Day));
            windows.Add(T + (day * Day), day % 4 == 0, key: day);
        }

        // Kept: (latest − 38 d, latest] holds the last 38 days.
        Assert.Equal(38, windows.Count);
        Assert.True(windows.Capacity <= 64, $"capacity {windows.Capacity}");

        // Day 364's windows hold days (357 − w, 357]; days divisible by 4 are frauds:
        // {357} none; 351–357 has 352 and 356; 328–357 has 328, 332, …, 356 (8).
        Assert.Equal(new TerminalWindowFeatures(1, 0, 7, 2, 30, 8), last);
    }

    [Fact]
    public void Export_and_import_rebuild_a_history_that_answers_the_same()
    {
        var original = With(
            (T - (20 * Day), true),
            (T - (9 * Day), false),
            (T - (8 * Day) + Hour, true),
            (T, false));
        original.SetLabel(1, true);
        original.FeaturesAt(T);

        var copy = TerminalWindows.Import(original.ExportEntries(), original.LatestUnixSeconds, original.AllowedLateness);

        Assert.Equal(original.ExportEntries(), copy.ExportEntries());
        Assert.Equal(original.FeaturesAt(T), copy.FeaturesAt(T));
        Assert.Equal(original.FeaturesAt(T + (3 * Day)), copy.FeaturesAt(T + (3 * Day)));
    }
}

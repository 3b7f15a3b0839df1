using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

public sealed class TransactionFeaturesTests
{
    private static long Unix(int year, int month, int day, int hour, int minute, int second) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void Amount_is_cents_divided_by_one_hundred()
    {
        Assert.Equal(123.45, TransactionFeatures.Amount(12_345));
        Assert.Equal(0.01, TransactionFeatures.Amount(1));
        Assert.Equal(0.0, TransactionFeatures.Amount(0));
    }

    [Fact]
    public void Weekend_starts_at_saturday_midnight_utc()
    {
        // 2018-04-06 was a Friday.
        Assert.False(TransactionFeatures.IsWeekend(Unix(2018, 4, 6, 23, 59, 59)));
        Assert.True(TransactionFeatures.IsWeekend(Unix(2018, 4, 7, 0, 0, 0)));
    }

    [Fact]
    public void Weekend_ends_at_monday_midnight_utc()
    {
        Assert.True(TransactionFeatures.IsWeekend(Unix(2018, 4, 8, 23, 59, 59)));
        Assert.False(TransactionFeatures.IsWeekend(Unix(2018, 4, 9, 0, 0, 0)));
    }

    [Fact]
    public void Weekend_flag_matches_the_calendar_for_every_day_of_two_weeks()
    {
        var day = new DateTime(2018, 4, 1, 12, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 14; i++, day = day.AddDays(1))
        {
            bool expected = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            Assert.Equal(expected, TransactionFeatures.IsWeekend(new DateTimeOffset(day).ToUnixTimeSeconds()));
        }
    }

    [Fact]
    public void Night_is_up_to_six_fifty_nine_fifty_nine_utc()
    {
        Assert.True(TransactionFeatures.IsNight(Unix(2018, 4, 4, 0, 0, 0)));
        Assert.True(TransactionFeatures.IsNight(Unix(2018, 4, 4, 6, 59, 59)));
        Assert.False(TransactionFeatures.IsNight(Unix(2018, 4, 4, 7, 0, 0)));
        Assert.False(TransactionFeatures.IsNight(Unix(2018, 4, 4, 23, 59, 59)));
    }

    [Fact]
    public void Vector_places_every_value_at_its_schema_index()
    {
        // Saturday 2018-04-07 03:00: weekend and night.
        long time = Unix(2018, 4, 7, 3, 0, 0);
        var customer = new CustomerWindowFeatures(2, 300, 4, 1_000, 5, 2_000);
        var terminal = new TerminalWindowFeatures(4, 1, 8, 2, 10, 5);
        var values = new double[FeatureSchema.Count];

        TransactionFeatures.Write(time, 12_345, customer, terminal, values);

        Assert.Equal(123.45, values[FeatureSchema.TxAmount]);
        Assert.Equal(1.0, values[FeatureSchema.TxDuringWeekend]);
        Assert.Equal(1.0, values[FeatureSchema.TxDuringNight]);
        Assert.Equal(2.0, values[FeatureSchema.CustomerNbTx1Day]);
        Assert.Equal(1.5, values[FeatureSchema.CustomerAvgAmount1Day]);
        Assert.Equal(4.0, values[FeatureSchema.CustomerNbTx7Day]);
        Assert.Equal(2.5, values[FeatureSchema.CustomerAvgAmount7Day]);
        Assert.Equal(5.0, values[FeatureSchema.CustomerNbTx30Day]);
        Assert.Equal(4.0, values[FeatureSchema.CustomerAvgAmount30Day]);
        Assert.Equal(4.0, values[FeatureSchema.TerminalNbTx1Day]);
        Assert.Equal(0.25, values[FeatureSchema.TerminalRisk1Day]);
        Assert.Equal(8.0, values[FeatureSchema.TerminalNbTx7Day]);
        Assert.Equal(0.25, values[FeatureSchema.TerminalRisk7Day]);
        Assert.Equal(10.0, values[FeatureSchema.TerminalNbTx30Day]);
        Assert.Equal(0.5, values[FeatureSchema.TerminalRisk30Day]);
    }

    [Fact]
    public void Schema_indices_follow_the_names()
    {
        Assert.Equal("TX_AMOUNT", FeatureSchema.Names[FeatureSchema.TxAmount]);
        Assert.Equal("CUSTOMER_ID_AVG_AMOUNT_7DAY_WINDOW", FeatureSchema.Names[FeatureSchema.CustomerAvgAmount7Day]);
        Assert.Equal("TERMINAL_ID_RISK_30DAY_WINDOW", FeatureSchema.Names[FeatureSchema.TerminalRisk30Day]);
        Assert.Equal([1, 7, 30], FeatureSchema.WindowDays.ToArray());
    }

    [Fact]
    public void Single_precision_vector_is_the_double_vector_rounded()
    {
        long time = Unix(2018, 4, 4, 12, 0, 0);
        var customer = new CustomerWindowFeatures(3, 1_001, 3, 1_001, 3, 1_001);
        var terminal = new TerminalWindowFeatures(3, 1, 3, 1, 3, 1);
        var doubles = new double[FeatureSchema.Count];
        var singles = new float[FeatureSchema.Count];

        TransactionFeatures.Write(time, 1_001, customer, terminal, doubles);
        TransactionFeatures.Write(time, 1_001, customer, terminal, singles);

        Assert.Equal(doubles.Select(v => (float)v), singles);
    }

    [Fact]
    public void Destination_shorter_than_the_schema_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            TransactionFeatures.Write(0, 0, default, default, new double[FeatureSchema.Count - 1]));
        Assert.Equal("destination", ex.ParamName);
    }
}

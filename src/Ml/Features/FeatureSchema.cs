using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace FraudActors.Ml.Features;

/// <summary>
/// The 15 model inputs of the handbook (reference §2), in the book's column order.
/// Online scoring (the grains) and offline training (the batch twin) both produce vectors in this order,
/// and every model records <see cref="Hash"/> so a model trained on another schema is refused.
/// </summary>
public static class FeatureSchema
{
    /// <summary>Number of model inputs.</summary>
    public const int Count = 15;

    /// <summary>Index of the transaction amount.</summary>
    public const int TxAmount = 0;
    /// <summary>Index of the weekend flag.</summary>
    public const int TxDuringWeekend = 1;
    /// <summary>Index of the night flag.</summary>
    public const int TxDuringNight = 2;
    /// <summary>Index of the customer's 1-day count; the 1-day average follows it.</summary>
    public const int CustomerNbTx1Day = 3;
    /// <summary>Index of the customer's 1-day average amount.</summary>
    public const int CustomerAvgAmount1Day = 4;
    /// <summary>Index of the customer's 7-day count.</summary>
    public const int CustomerNbTx7Day = 5;
    /// <summary>Index of the customer's 7-day average amount.</summary>
    public const int CustomerAvgAmount7Day = 6;
    /// <summary>Index of the customer's 30-day count.</summary>
    public const int CustomerNbTx30Day = 7;
    /// <summary>Index of the customer's 30-day average amount.</summary>
    public const int CustomerAvgAmount30Day = 8;
    /// <summary>Index of the terminal's delayed 1-day count.</summary>
    public const int TerminalNbTx1Day = 9;
    /// <summary>Index of the terminal's delayed 1-day risk.</summary>
    public const int TerminalRisk1Day = 10;
    /// <summary>Index of the terminal's delayed 7-day count.</summary>
    public const int TerminalNbTx7Day = 11;
    /// <summary>Index of the terminal's delayed 7-day risk.</summary>
    public const int TerminalRisk7Day = 12;
    /// <summary>Index of the terminal's delayed 30-day count.</summary>
    public const int TerminalNbTx30Day = 13;
    /// <summary>Index of the terminal's delayed 30-day risk.</summary>
    public const int TerminalRisk30Day = 14;

    /// <summary>The window lengths, in days, shared by customer and terminal features.</summary>
    public static ImmutableArray<int> WindowDays { get; } = [1, 7, 30];

    /// <summary>The delay, in days, before a terminal's transactions (and their labels) count: labels arrive late.</summary>
    public const int TerminalDelayDays = 7;

    /// <summary>Feature names in model-input order.</summary>
    public static ImmutableArray<string> Names { get; } =
    [
        "TX_AMOUNT",
        "TX_DURING_WEEKEND",
        "TX_DURING_NIGHT",
        "CUSTOMER_ID_NB_TX_1DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW",
        "CUSTOMER_ID_NB_TX_7DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_7DAY_WINDOW",
        "CUSTOMER_ID_NB_TX_30DAY_WINDOW",
        "CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW",
        "TERMINAL_ID_NB_TX_1DAY_WINDOW",
        "TERMINAL_ID_RISK_1DAY_WINDOW",
        "TERMINAL_ID_NB_TX_7DAY_WINDOW",
        "TERMINAL_ID_RISK_7DAY_WINDOW",
        "TERMINAL_ID_NB_TX_30DAY_WINDOW",
        "TERMINAL_ID_RISK_30DAY_WINDOW",
    ];

    /// <summary>
    /// SHA-256 (lower-case hex) of the names joined by newlines: identifies the schema a model was trained on.
    /// </summary>
    public static string Hash { get; } =
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Names))));
}

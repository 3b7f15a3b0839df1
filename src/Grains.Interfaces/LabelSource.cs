namespace FraudActors.Grains.Interfaces;

/// <summary>Who gave a fraud label.</summary>
public enum LabelSource
{
    /// <summary>A fraud analyst.</summary>
    Analyst,

    /// <summary>The card holder, through a signed link.</summary>
    Customer,

    /// <summary>A bulk import of known outcomes (chargebacks, simulation ground truth).</summary>
    Import,
}

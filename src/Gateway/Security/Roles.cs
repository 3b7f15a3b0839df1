namespace FraudActors.Gateway.Security;

/// <summary>
/// The API's roles. A key holds exactly one; an admin may do everything, an analyst may also read decisions and
/// give labels, a scorer may only score. Policies name what an endpoint needs.
/// </summary>
public static class Roles
{
    /// <summary>Payment systems: score transactions.</summary>
    public const string Scorer = "scorer";

    /// <summary>Fraud analysts: read decisions and features, give labels.</summary>
    public const string Analyst = "analyst";

    /// <summary>Operators: models, traffic, retraining, and everything else.</summary>
    public const string Admin = "admin";

    /// <summary>Every role name.</summary>
    public static readonly IReadOnlyList<string> All = [Scorer, Analyst, Admin];

    /// <summary>Authorization policy names.</summary>
    public static class Policies
    {
        /// <summary>Scoring endpoints: scorer or admin.</summary>
        public const string Score = "score";

        /// <summary>Reading decisions and features, labelling: analyst or admin.</summary>
        public const string Investigate = "investigate";

        /// <summary>Administration: admin only.</summary>
        public const string Administer = "administer";
    }
}

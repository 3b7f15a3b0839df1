using System.Collections.Immutable;
using FraudActors.Grains.Interfaces;
using FraudActors.Ml.Features;
using FraudActors.Silo.Storage.Journal;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class DecisionRecordTests
{
    /// <summary>
    /// A version 1 record as the build before shadow scores wrote it, spelled out field by field from the documented
    /// layout rather than produced by the encoder under test: journals written then must still recover.
    /// </summary>
    private static readonly byte[] VersionOneRecord = Convert.FromHexString(
        "01" +                                     // version 1
        "0674782D6F6C64" +                         // transaction id "tx-old"
        "03632D39" +                               // customer id "c-9"
        "03742D39" +                               // terminal id "t-9"
        "A413" +                                   // amount 1234 cents, zigzag
        "00605A33E68FDE087800" +                   // timestamp 2026-04-01T12:00:00Z in UTC ticks, offset +120 minutes
        "000000000000D03F0100" +                   // score 0.25, decision review, explanation path attribution
        "036D2D31" +                               // model version "m-1"
        "0102000000000000F83F0000000000000040" +   // feature schema 1, two features: 1.5, 2.0
        "010100000000000000E03F" +                 // one reason: feature 1, contribution 0.5
        "80F6F233E68FDE080000");                   // decided at 2026-04-01T12:00:01Z in UTC ticks, offset 0

    private static readonly ImmutableArray<string> OldSchema = ["first", "second"];

    private static ImmutableArray<string> NamesOf(long schemaId) =>
        schemaId == 1 ? OldSchema : FeatureSchema.Names;

    [Fact]
    public void A_version_1_record_written_before_shadow_scores_existed_still_reads_with_no_shadow()
    {
        var view = DecisionRecord.Read(VersionOneRecord);
        Assert.False(view.HasShadow);

        var decision = DecisionRecord.Decode(VersionOneRecord, NamesOf);

        Assert.Equal(new ScoreRequest("tx-old", "c-9", "t-9", 1_234, new DateTimeOffset(2026, 4, 1, 14, 0, 0, TimeSpan.FromHours(2))), decision.Request);
        Assert.Equal(0.25, decision.Result.Score);
        Assert.Equal(Decision.Review, decision.Result.Decision);
        Assert.Equal("m-1", decision.Result.ModelVersion);
        Assert.Equal([new FeatureValue("first", 1.5), new FeatureValue("second", 2.0)], decision.Result.Features);
        Assert.Equal([new Reason("second", 2.0, 0.5)], decision.Result.Reasons);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 12, 0, 1, TimeSpan.Zero), decision.Result.DecidedAt);
        Assert.Null(decision.Result.Shadow);
    }

    [Fact]
    public void A_decision_without_a_shadow_is_still_written_as_version_1_byte_for_byte()
    {
        var old = DecisionRecord.Decode(VersionOneRecord, NamesOf);

        var payload = DecisionRecord.Encode(old, schemaId: 1);

        // Identical bytes: a build that reads only version 1 can still recover a journal with no shadow scores in it.
        Assert.Equal(VersionOneRecord, payload);
    }

    [Fact]
    public void A_shadow_score_is_written_as_version_2_and_reads_back_exactly()
    {
        var shadow = new ShadowScore("challenger-ü-2", 0.987654321012345, Decision.Decline);
        var original = WithShadow(SampleDecisions.Create("tx-shadow", decision: Decision.Approve), shadow);

        var payload = DecisionRecord.Encode(original, schemaId: 7);
        var decoded = DecisionRecord.Decode(payload, NamesOf);

        Assert.Equal(DecisionRecord.ShadowVersion, payload[0]);
        Assert.Equal(shadow, decoded.Result.Shadow);
        Assert.Equal(Decision.Approve, decoded.Result.Decision);   // the champion's decision is untouched
        JournaledDecisionLogTests.AssertSameDecision(original, decoded);
        var unshadowed = DecisionRecord.Encode(original with { Result = original.Result with { Shadow = null } }, schemaId: 7);
        Assert.Equal(unshadowed.Length + 1 + "challenger-ü-2"u8.Length + sizeof(double) + 1, payload.Length);
    }

    [Fact]
    public void A_cut_short_shadow_section_or_an_unknown_shadow_decision_or_version_is_refused()
    {
        var payload = DecisionRecord.Encode(WithShadow(SampleDecisions.Create("tx-cut"), new ShadowScore("c-2", 0.5, Decision.Review)), schemaId: 7);
        var unknownDecision = (byte[])payload.Clone();
        unknownDecision[^1] = 9;
        var unknownVersion = (byte[])VersionOneRecord.Clone();
        unknownVersion[0] = 3;

        Assert.Throws<InvalidDataException>(() => DecisionRecord.Read(payload.AsSpan(0, payload.Length - 1)).HasShadow);
        Assert.Throws<InvalidDataException>(() => DecisionRecord.Read(unknownDecision).HasShadow);
        Assert.Throws<InvalidDataException>(() => DecisionRecord.Read(unknownVersion).HasShadow);

        // A version 1 record with bytes after it is not taken for a shadowed one.
        Assert.Throws<InvalidDataException>(() => DecisionRecord.Read([.. VersionOneRecord, 0x00]).HasShadow);
    }

    [Fact]
    public void Encoding_a_decision_without_a_shadow_allocates_nothing_but_the_payload()
    {
        var decision = SampleDecisions.Create("tx-lean");
        var warm = DecisionRecord.Encode(decision, schemaId: 7);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var payload = DecisionRecord.Encode(decision, schemaId: 7);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A byte array's header is 24 bytes on 64-bit, its data rounded up to 8.
        Assert.Equal(warm.Length, payload.Length);
        Assert.Equal(24 + ((payload.Length + 7) & ~7), allocated);
    }

    internal static LoggedDecision WithShadow(LoggedDecision decision, ShadowScore shadow) =>
        decision with { Result = decision.Result with { Shadow = shadow } };
}

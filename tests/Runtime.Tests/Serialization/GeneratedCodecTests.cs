using System.Collections.Immutable;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Serialization;
using FraudActors.Runtime.Tests.TestGrains;

namespace FraudActors.Runtime.Tests.Serialization;

/// <summary>The codecs the generator emitted for the grain interfaces' types, through the registry.</summary>
public sealed class GeneratedCodecTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 30, 15, TimeSpan.FromHours(2));

    [Fact]
    public void A_score_result_round_trips_with_its_reasons_and_features()
    {
        var result = new ScoreResult(
            "tx-42", 0.8125, Decision.Review, "model-7",
            [new Reason("TX_AMOUNT", 1234.5, 0.7), new Reason("TERMINAL_ID_RISK_7DAY_WINDOW", 0.25, -0.125)],
            ExplanationMethod.TreeShap,
            [new FeatureValue("TX_AMOUNT", 1234.5), new FeatureValue("TX_DURING_NIGHT", 1)],
            At, Replayed: true);

        foreach (var back in CodecRoundTrip.ReadBackEveryWay(result))
        {
            // Record equality compares ImmutableArray by reference: compare the contents instead.
            Assert.Equal(result with { Reasons = default, Features = default }, back with { Reasons = default, Features = default });
            Assert.Equal(result.Reasons, back.Reasons.AsEnumerable());
            Assert.Equal(result.Features, back.Features.AsEnumerable());
            Assert.Equal(result.DecidedAt.Offset, back.DecidedAt.Offset);
        }
    }

    [Fact]
    public void Nested_records_and_null_members_round_trip()
    {
        var decision = new LoggedDecision(
            new ScoreRequest("tx-1", "c-1", "t-1", 1999, At),
            new ScoreResult("tx-1", 0, Decision.Approve, "m", [], ExplanationMethod.PathAttribution, [], At, false));
        var features = new CustomerFeatures("c-1", At, [new FeatureValue("a", double.NaN)], 3, LatestTransactionAt: null);
        var label = new LabelResult("tx-1", IsFraud: true, Changed: false, PreviousIsFraud: null);

        var decisionBack = CodecRoundTrip.Decode<LoggedDecision?>(CodecRoundTrip.Encode<LoggedDecision?>(decision))!;
        var featuresBack = CodecRoundTrip.Decode<CustomerFeatures>(CodecRoundTrip.Encode(features));

        Assert.Equal(decision.Request, decisionBack.Request);
        Assert.Empty(decisionBack.Result.Reasons);
        Assert.False(decisionBack.Result.Reasons.IsDefault);
        Assert.Null(featuresBack.LatestTransactionAt);
        Assert.True(double.IsNaN(featuresBack.Features[0].Value));
        Assert.Equal(label, CodecRoundTrip.Decode<LabelResult>(CodecRoundTrip.Encode(label)));
        Assert.Null(CodecRoundTrip.Decode<LoggedDecision?>(CodecRoundTrip.Encode<LoggedDecision?>(null)));
    }

    [Fact]
    public void An_envelope_with_every_collection_shape_round_trips()
    {
        var envelope = new Envelope(
            "env-1", Level.High,
            Primary: new Measurement("p", -0.5, At),
            Series: [new Measurement("a", 1, At), new Measurement("b", 2, At.AddDays(1))],
            Tags: ["x", null, ""],
            Counts: new Dictionary<string, int> { ["one"] = 1, ["minus"] = -1, [""] = 0 },
            Jagged: [[1, 2], [], [int.MinValue]],
            Location: new Point(1.5, -2.5),
            Maybe: new Point(0, 0),
            Nothing: default)
        {
            Note = "after the constructor",
        };

        foreach (var back in CodecRoundTrip.ReadBackEveryWay(envelope))
        {
            Assert.Equal(envelope.Id, back.Id);
            Assert.Equal(envelope.Level, back.Level);
            Assert.Equal(envelope.Primary, back.Primary);
            Assert.Equal(envelope.Series, back.Series.AsEnumerable());
            Assert.Equal(envelope.Tags, back.Tags);
            Assert.Equal(envelope.Counts.OrderBy(e => e.Key), back.Counts.OrderBy(e => e.Key));
            Assert.Equal(envelope.Jagged, back.Jagged);
            Assert.Equal(envelope.Location, back.Location);
            Assert.Equal(envelope.Maybe, back.Maybe);
            Assert.Equal(envelope.Note, back.Note);
        }
    }

    [Fact]
    public void Null_and_empty_collections_stay_distinct()
    {
        var empty = NewEnvelope() with { Series = [], Jagged = [], Maybe = null };
        var absent = NewEnvelope() with { Series = default, Jagged = null };

        var emptyBack = CodecRoundTrip.Decode<Envelope>(CodecRoundTrip.Encode(empty));
        var absentBack = CodecRoundTrip.Decode<Envelope>(CodecRoundTrip.Encode(absent));

        Assert.False(emptyBack.Series.IsDefault);
        Assert.Empty(emptyBack.Series);
        Assert.NotNull(emptyBack.Jagged);
        Assert.Empty(emptyBack.Jagged);
        Assert.Null(emptyBack.Maybe);
        Assert.True(absentBack.Series.IsDefault);
        Assert.Null(absentBack.Jagged);
    }

    [Fact]
    public void A_recursive_class_with_settable_properties_round_trips()
    {
        var tree = new Node
        {
            Name = "root",
            Children = [new Node { Name = "leaf" }, new Node { Name = "branch", Children = [new Node { Name = "deep" }] }],
        };

        var back = CodecRoundTrip.Decode<Node?>(CodecRoundTrip.Encode<Node?>(tree))!;

        Assert.Equal("root", back.Name);
        Assert.Equal(["leaf", "branch"], back.Children!.Select(c => c.Name));
        Assert.Null(back.Children![0].Children);
        Assert.Equal("deep", back.Children[1].Children![0].Name);
    }

    [Fact]
    public void Dictionaries_of_immutable_arrays_and_lists_round_trip()
    {
        var index = new Dictionary<string, ImmutableArray<int>> { ["a"] = [1, 2, 3], ["b"] = [], ["c"] = default };
        var measurements = new List<Measurement> { new("m", 1, At) };

        var indexBack = CodecRoundTrip.Decode<Dictionary<string, ImmutableArray<int>>?>(CodecRoundTrip.Encode<Dictionary<string, ImmutableArray<int>>?>(index))!;
        var listBack = CodecRoundTrip.Decode<List<Measurement>?>(CodecRoundTrip.Encode<List<Measurement>?>(measurements))!;

        Assert.Equal([1, 2, 3], indexBack["a"].AsEnumerable());
        Assert.Empty(indexBack["b"]);
        Assert.True(indexBack["c"].IsDefault);
        Assert.Equal(measurements, listBack);
    }

    [Fact]
    public void An_older_reader_skips_trailing_fields_a_newer_writer_added()
    {
        // VersionTwo's fields are VersionOne's plus two more: the older type reads the newer bytes.
        var newer = new VersionTwo(5, "five", "extra", 99);

        var older = CodecRoundTrip.Decode<VersionOne>(CodecRoundTrip.Encode(newer));

        Assert.Equal(new VersionOne(5, "five"), older);
    }

    [Fact]
    public void A_newer_reader_gives_fields_an_older_writer_did_not_send_their_declared_defaults()
    {
        var newer = CodecRoundTrip.Decode<VersionTwo>(CodecRoundTrip.Encode(new VersionOne(5, "five")));

        Assert.Equal(new VersionTwo(5, "five", "c-default", 7), newer);
    }

    [Fact]
    public void A_derived_instance_is_refused_rather_than_cut_down_to_the_declared_type()
    {
        var exception = Assert.Throws<NotSupportedException>(() => CodecRoundTrip.Encode<OpenRecord?>(new DerivedRecord("d", 1)));

        Assert.Contains(nameof(DerivedRecord), exception.Message, StringComparison.Ordinal);
        Assert.Equal(new OpenRecord("o"), CodecRoundTrip.Decode<OpenRecord?>(CodecRoundTrip.Encode<OpenRecord?>(new OpenRecord("o"))));
    }

    [Fact]
    public void A_null_where_a_struct_is_expected_is_malformed()
    {
        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<TerminalFeatures>([0x00]));

        Assert.Contains("expected a Object value, found Null", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_no_grain_interface_uses_has_no_codec_and_says_how_to_get_one()
    {
        var exception = Assert.Throws<NotSupportedException>(() => new WireCodecRegistry().GetCodec<Uri>());

        Assert.Contains("System.Uri", exception.Message, StringComparison.Ordinal);
        Assert.Contains("FraudActors.Runtime.CodeGen", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_result_nested_in_a_record_is_an_empty_object()
    {
        var bytes = CodecRoundTrip.Encode(NewEnvelope());

        // The envelope ends with Maybe (null: 00), Nothing (an object of no fields: 07 00) and Note (null: 00).
        Assert.Equal([0x00, 0x07, 0x00, 0x00], bytes[^4..]);
        Assert.Equal(default(NoResult), CodecRoundTrip.Decode<Envelope>(bytes).Nothing);
    }

    private static Envelope NewEnvelope() =>
        new("e", Level.Low, null, [], [], new Dictionary<string, int>(), null, new Point(1, 2), null, default);
}

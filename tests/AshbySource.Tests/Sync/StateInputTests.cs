using System.Text.Json;
using AshbySource.Protocol;
using AshbySource.Sync;

namespace AshbySource.Tests.Sync;

public class StateInputTests
{
    private static IReadOnlyDictionary<string, AshbySource.Streams.StreamCheckpoint> Parse(string json) =>
        StateInput.Parse(JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":null}}]""")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"}}}]""")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"not_a_stream"},"stream_state":{"sync_token":"x"}}}]""")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates","namespace":null},"stream_state":{}}}]""")]
    public void Parse_NothingUsable_MeansNoState(string json)
    {
        var states = Parse(json);

        states.Values.Where(s => s.SyncToken != null || s.Pass != null).Should().BeEmpty();
    }

    [Fact]
    public void Parse_StreamMessages_AreReadPerStream()
    {
        var states = Parse("""
            [{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{"sync_token":"A","extra":1}},"sourceStats":{"recordCount":1.0}},
             {"type":"STREAM","stream":{"stream_descriptor":{"name":"jobs"},"stream_state":{"sync_token":"B","pass":{"kind":"incremental","cursor":"c"}}}}]
            """);

        states["candidates"].SyncToken.Should().Be("A");
        states["jobs"].Pass!.Cursor.Should().Be("c");
    }

    [Fact]
    public void Parse_ChildAndPartitionedStates_AreRead()
    {
        var states = Parse("""
            [{"type":"STREAM","stream":{"stream_descriptor":{"name":"application_history"},"stream_state":{"sync_token":"T","pass":{"kind":"incremental","cursor":"c4","parents_done":7}}}},
             {"type":"STREAM","stream":{"stream_descriptor":{"name":"application_criteria_evaluations"},"stream_state":{"pass":{"kind":"full","parents_done":3}}}},
             {"type":"STREAM","stream":{"stream_descriptor":{"name":"survey_submissions"},"stream_state":{"partitions":{"CandidateExperience":{"sync_token":"A"},"Questionnaire":{"sync_token":"B","pass":{"kind":"incremental","cursor":"q2"}}}}}}]
            """);

        states["application_history"].Pass.Should().BeEquivalentTo(new AshbySource.Streams.PassCheckpoint { Kind = "incremental", Cursor = "c4", ParentsDone = 7 });
        states["application_criteria_evaluations"].Pass!.Cursor.Should().BeNull();
        states["application_criteria_evaluations"].Pass!.ParentsDone.Should().Be(3);
        states["survey_submissions"].Partitions!["CandidateExperience"].SyncToken.Should().Be("A");
        states["survey_submissions"].Partitions!["Questionnaire"].Pass!.Cursor.Should().Be("q2");
    }

    [Theory]
    [InlineData("""[{"type":"GLOBAL","global":{"shared_state":{},"stream_states":[{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":"G"}}]}}]""", "GLOBAL")]
    [InlineData("""{"type":"GLOBAL","global":{"stream_states":[]}}""", "GLOBAL")]
    [InlineData("""{"users":{"sync_token":"L"}}""", "legacy")]
    [InlineData("""{"type":"LEGACY","data":{"users":{"sync_token":"D"}}}""", "LEGACY")]
    [InlineData("""[{"type":"LEGACY","data":{"users":{"sync_token":"D"}}}]""", "LEGACY")]
    public void Parse_GlobalAndLegacyForms_AreRefusedAsStatesThisConnectorDidNotWrite(string json, string expected)
    {
        // This connector writes per-stream state only; reading another form as "nothing stored" would start
        // every stream over without a word (README, State).
        var act = () => Parse(json);

        act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.ConfigError)
            .WithMessage($"*{expected}*").WithMessage("*per-stream*");
    }

    [Fact]
    public void Parse_CompletedFullRefresh_IsKept()
    {
        Parse("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"users"},"stream_state":{"__ab_full_refresh_sync_complete":true}}}]""")["users"].FullRefreshComplete.Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"sync_token":5}""", "candidates: sync_token is a number; expected a string")]
    [InlineData("""{"sync_token":"t","created_after":"2024-01-01"}""", "candidates: created_after is a string; expected a whole number")]
    [InlineData("""{"created_after":1.5}""", "candidates: created_after is 1.5; expected a whole number")]
    [InlineData("""{"pass":"c"}""", "candidates: pass is a string; expected an object")]
    [InlineData("""{"pass":{"kind":"full"}}""", "candidates: pass.cursor is missing")]
    [InlineData("""{"__ab_full_refresh_sync_complete":"yes"}""", "candidates: __ab_full_refresh_sync_complete is a string; expected true or false")]
    [InlineData("""{"updated_at":"2024-01-01T00:00:00Z"}""", "candidates: stream_state has none of the fields this connector writes")]
    public void Parse_BadStreamState_NamesStreamFieldAndExpectationWithoutInternals(string streamState, string expected)
    {
        var act = () => Parse($$$"""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{{{streamState}}}}}]""");

        var error = act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.ConfigError).Which;
        error.Message.Should().Contain(expected);
        error.Message.Should().NotContainAny("AshbySource.", "System.", "Path: $", "StreamCheckpoint");
    }

    [Theory]
    [InlineData("42", "JSON array")]
    [InlineData("\"text\"", "JSON array")]
    [InlineData("[42]", "not a JSON object")]
    [InlineData("""[{"type":"STREAM"}]""", "neither")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_state":{}}}]""", "stream_descriptor.name")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":"abc"}}]""", "must be a JSON object")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{"sync_token":5}}}]""", "sync_token is a number")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{"pass":{"kind":"sideways","cursor":"c"}}}}]""", "pass.kind")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{"pass":{"kind":"full","cursor":""}}}}]""", "pass.kind")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{"pass":{"kind":"full"}}}}]""", "pass.kind")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"application_history"},"stream_state":{"pass":{"kind":"full","parents_done":-1}}}}]""", "parents_done")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"survey_submissions"},"stream_state":{"partitions":{"Questionnaire":{"pass":{"kind":"sideways","cursor":"c"}}}}}}]""", "pass.kind")]
    public void Parse_Garbage_IsAConfigErrorNamingTheProblem(string json, string expected)
    {
        var act = () => Parse(json);

        act.Should().Throw<ConnectorException>().Where(e => e.FailureType == FailureType.ConfigError).WithMessage($"*{expected}*");
    }
}

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

    [Fact]
    public void Parse_GlobalAndLegacyForms_AreAccepted()
    {
        Parse("""[{"type":"GLOBAL","global":{"shared_state":{},"stream_states":[{"stream_descriptor":{"name":"users"},"stream_state":{"sync_token":"G"}}]}}]""")["users"].SyncToken.Should().Be("G");
        Parse("""{"users":{"sync_token":"L"}}""")["users"].SyncToken.Should().Be("L");
        Parse("""{"type":"LEGACY","data":{"users":{"sync_token":"D"}}}""")["users"].SyncToken.Should().Be("D");
    }

    [Theory]
    [InlineData("42", "JSON array")]
    [InlineData("\"text\"", "JSON array")]
    [InlineData("[42]", "not a JSON object")]
    [InlineData("""[{"type":"STREAM"}]""", "neither")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_state":{}}}]""", "stream_descriptor.name")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":"abc"}}]""", "must be a JSON object")]
    [InlineData("""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"candidates"},"stream_state":{"sync_token":5}}}]""", "not one this connector wrote")]
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

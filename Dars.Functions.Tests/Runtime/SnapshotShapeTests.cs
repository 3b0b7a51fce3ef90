using System.Text.Json.Nodes;
using Dars.Lifecycle;
using Dars.Runtime.Storage;

namespace Dars.Tests.Runtime;

/// <summary>Snapshots already stored must still load: the shape of the state's JSON is a contract with them.</summary>
public sealed class SnapshotShapeTests
{
    private static readonly Effect Notice = new SendNotification("application-received", "applicant", "Received.");

    [Fact]
    public void A_failure_stored_as_it_always_was_loads_and_is_what_a_retry_runs_again()
    {
        // As snapshots held it before earlier failures were kept: one "failure" object, no list.
        var stored = JsonNode.Parse(DarsJson.Serialize(new Application { Id = "NIC-000001", State = State.AwaitingInitialReview }))!.AsObject();
        stored.Remove("earlierFailures");
        stored["failure"] = JsonNode.Parse(DarsJson.Serialize(new ActivityFailure("send-notification", "relay refused", 5, Notice)));

        var loaded = DarsJson.Deserialize<Application>(stored.ToJsonString());

        Assert.Equal("send-notification", loaded.Failure?.Activity);
        Assert.Equal([Notice], loaded.Failures.Select(f => f.Effect));
    }

    [Fact]
    public void The_latest_failure_is_stored_as_failure_and_the_derived_list_is_not_stored()
    {
        var state = new Application
        {
            Id = "NIC-000001",
            Failure = new ActivityFailure("produce-data", "no dataset", 5, new ProduceData()),
            EarlierFailures = [new ActivityFailure("send-notification", "relay refused", 5, Notice)],
        };

        var json = JsonNode.Parse(DarsJson.Serialize(state))!.AsObject();

        Assert.Equal("produce-data", (string?)json["failure"]!["activity"]);
        Assert.Single(json["earlierFailures"]!.AsArray());
        Assert.False(json.ContainsKey("failures"));
        Assert.Equal(2, DarsJson.Deserialize<Application>(json.ToJsonString()).Failures.Count);
    }
}

using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Storage;

namespace Dars.Tests.Lifecycle;

public class EvolveTests : DeciderSpec
{
    private static readonly Actor AliceActor = new("alice", Role.Applicant);
    private static readonly Actor OliviaActor = new("olivia", Role.CaseOfficer);

    /// <summary>A whole Enquiry-to-Approval history, with its times.</summary>
    private static IReadOnlyList<RecordedEvent> History() =>
    [
        new(1, At(0), AliceActor, Enquiry()),
        new(2, At(1), OliviaActor, new EnquiryResponse("Apply with HES APC.")),
        new(3, At(2), AliceActor, Submitted("research-ethics")),
        new(4, At(3), OliviaActor, Accept),
        new(5, At(4), OliviaActor, ReferBack("A data flow diagram")),
        new(6, At(5), OliviaActor, Granted("research-ethics", "REC 26/LO/0001")),
        new(7, At(6), AliceActor, ResubmitTitle("Heart failure readmissions in England")),
        new(8, At(7), new Actor("oscar", Role.CaseOfficer), Assessed),
        new(9, At(8), Actor.System, new NotificationSent("application-accepted", "applicant", "Sent.")),
    ];

    [Fact]
    public void Folding_a_history_gives_the_same_state_as_evolving_it_step_by_step()
    {
        var history = History();

        var stepByStep = new Application { Id = "app-1" };
        foreach (var e in history) stepByStep = Decider.Evolve(stepByStep, e);
        var folded = Decider.Fold("app-1", history);

        Assert.Equal(DarsJson.Serialize(stepByStep), DarsJson.Serialize(folded));
    }

    [Fact]
    public void The_folded_history_reads_as_the_lifecycle_went()
    {
        var s = Decider.Fold("app-1", History());

        Assert.Equal("app-1", s.Id);
        Assert.Equal(State.AwaitingApproval, s.State);
        Assert.Equal(Stage.Approval, s.Stage);
        Assert.Null(s.Outcome);
        Assert.Equal(9, s.Version);
        Assert.Equal(At(0), s.CreatedAt);
        Assert.Equal(At(8), s.LastUpdatedAt);
        Assert.Equal("Heart failure readmissions in England", s.Title);
        Assert.Equal("Which datasets would we need for 30-day readmissions?", s.Question);
        Assert.Equal(Org, s.Organisation!.OdsCode);
        Assert.Equal(Reference, s.ExternalReference);
        Assert.True(s.EverAccepted);
        Assert.False(s.EverReleased);
        Assert.Empty(s.RequiredInformation);
        Assert.Equal([new ExternalApproval("research-ethics", ApprovalStatus.Granted, "REC 26/LO/0001")], s.ExternalApprovals);
        Assert.Equal("oscar", s.AssessedBy);
        Assert.Equal(At(3), s.Sla.StartedAt);
        Assert.Null(s.Sla.StoppedAt);
        AssertJsonEqual(
            [
                new SlaPause(At(3), ["external-approval:research-ethics"], At(4)),
                new SlaPause(At(4), ["referred-back", "external-approval:research-ethics"], At(5)),
                new SlaPause(At(5), ["referred-back"], At(6)),
            ],
            s.Sla.Pauses);
    }

    [Fact]
    public void Version_and_last_update_follow_the_last_event_even_when_it_changes_nothing_else()
    {
        var before = Decider.Fold("app-1", History().Take(8));
        var after = Decider.Evolve(before, History()[8]);

        Assert.Equal(8, before.Version);
        Assert.Equal(At(7), before.LastUpdatedAt);
        Assert.Equal(9, after.Version);
        Assert.Equal(At(8), after.LastUpdatedAt);
        Assert.Equal(
            DarsJson.Serialize(before with { Version = 9, LastUpdatedAt = At(8) }),
            DarsJson.Serialize(after));
    }

    [Fact]
    public void Deciding_step_by_step_and_recording_the_accepted_events_gives_the_folded_state()
    {
        var steps = new (EventData Data, Caller Caller)[]
        {
            (Submitted("cag-section-251"), Alice),
            (ReferBack("Section 251 reference"), Olivia),
            (ResubmitTitle(), Alice),
            (Accept, Olivia),
            (Granted("cag-section-251", "CAG 19/CAG/0001"), Olivia),
            (Assessed, Olivia),
        };

        var state = new Application { Id = "app-1" };
        var recorded = new List<RecordedEvent>();
        for (var i = 0; i < steps.Length; i++)
        {
            var (data, caller) = steps[i];
            var context = new DecisionContext(Now.AddHours(i), Infrastructure.Forms.Catalogue, new LifecycleOptions());
            var accepted = Assert.IsType<Accepted>(Decider.Decide(new Command(data, caller), state, context));
            foreach (var e in accepted.Events)
            {
                var recordedEvent = new RecordedEvent(state.Version + 1, context.Now, new Actor(caller.Id, accepted.ActingRole), e);
                recorded.Add(recordedEvent);
                state = Decider.Evolve(state, recordedEvent);
            }
        }

        Assert.Equal(State.AwaitingApproval, state.State);
        Assert.Equal(6, state.Version);
        Assert.Equal(Now.AddHours(5), state.LastUpdatedAt);
        Assert.Equal(Now.AddHours(3), state.Sla.StartedAt);
        Assert.Equal(DarsJson.Serialize(Decider.Fold("app-1", recorded)), DarsJson.Serialize(state));
    }

    [Fact]
    public void An_application_that_began_as_an_enquiry_keeps_its_creation_time()
    {
        var s = Decider.Fold("app-1", History().Take(3));

        Assert.Equal(State.AwaitingInitialReview, s.State);
        Assert.Equal(At(0), s.CreatedAt);
        Assert.Equal(At(2), s.LastUpdatedAt);
        Assert.Equal(3, s.Version);
    }
}

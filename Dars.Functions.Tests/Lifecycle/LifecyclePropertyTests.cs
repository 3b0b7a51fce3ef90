using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Dars.Tests.Lifecycle;

/// <summary>
/// Property-based tests of the pure decider over random event sequences (CsCheck). A run starts from a
/// fresh application and, step by step, advances the clock, picks a caller and an event (mostly one the
/// state awaits, with a mostly valid body) and decides it as the runtime would. A failing run is shrunk
/// and printed as a numbered list of (time, caller, event, body, outcome).
/// </summary>
public class LifecyclePropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void Decide_and_evolve_never_throw_and_every_state_is_well_formed() =>
        Generator.Runs.Sample(run =>
        {
            var machine = new Machine();
            for (var i = 0; i < run.Steps.Count; i++)
            {
                var outcome = machine.Apply(run.Steps[i]);
                var where = $"after step {i + 1} ({outcome.Name})";
                var state = outcome.After;
                Assert.True(Enum.IsDefined(state.State), $"{where}: undefined state {(int)state.State}");
                Assert.True(Enum.IsDefined(state.Stage), $"{where}: undefined stage {(int)state.Stage}");
                Assert.True(state.Version == machine.History.Count, $"{where}: version {state.Version} but {machine.History.Count} events recorded");
                Assert.True(state.Id == Machine.Id, $"{where}: id became '{state.Id}'");
                if (state.State == State.Closed) Assert.True(state.Outcome is not null, $"{where}: Closed without an outcome");
                else Assert.True(state.Outcome is null, $"{where}: {state.State} with outcome {state.Outcome}");
                foreach (var party in Parties.All) _ = Decider.Awaiting(state, party.Caller);
            }
        }, iter: 500, print: Describe, writeLine: output.WriteLine);

    [Fact]
    public void Folding_the_history_and_a_storage_round_trip_reproduce_the_evolved_snapshot() =>
        Generator.Runs.Sample(run =>
        {
            var machine = new Machine();
            var fromStorage = new Machine(roundTripSnapshots: true); // decides each command against the snapshot as read back
            var stored = new List<RecordedEvent>();
            for (var i = 0; i < run.Steps.Count; i++)
            {
                var outcome = machine.Apply(run.Steps[i]);
                var reread = fromStorage.Apply(run.Steps[i]);
                Assert.True(outcome.Decision.GetType() == reread.Decision.GetType(),
                    $"step {i + 1}: {outcome.Name} was {Describe(outcome.Decision)} against the evolved snapshot, but {Describe(reread.Decision)} against the stored one");
                if (outcome.Recorded.Count == 0) continue;
                foreach (var e in outcome.Recorded)
                {
                    var json = DarsJson.SerializeEvent(e.Data);
                    var back = e with { Data = DarsJson.DeserializeEvent(e.Type, json) };
                    Assert.True(json == DarsJson.SerializeEvent(back.Data), $"step {i + 1}: {e.Type} does not survive a round trip:\n{json}\n{DarsJson.SerializeEvent(back.Data)}");
                    stored.Add(back);
                }
                AssertSameJson(DarsJson.Serialize(outcome.After), fromStorage.StoredJson!, $"step {i + 1}: deciding against the stored snapshot");
            }
            var final = DarsJson.Serialize(machine.State);
            AssertSameJson(final, DarsJson.Serialize(DarsJson.Deserialize<Application>(final)), "the stored snapshot");
            AssertSameJson(final, DarsJson.Serialize(Decider.Fold(Machine.Id, machine.History)), "folding the history");
            AssertSameJson(final, DarsJson.Serialize(Decider.Fold(Machine.Id, stored)), "folding the stored history");
        }, iter: 100, print: Describe, writeLine: output.WriteLine);

    [Fact]
    public void Every_accepted_transition_is_a_row_of_the_table() =>
        Generator.Runs.Sample(run =>
        {
            var machine = new Machine();
            for (var i = 0; i < run.Steps.Count; i++)
            {
                var outcome = machine.Apply(run.Steps[i]);
                if (outcome.Decision is not Accepted accepted) continue;
                var (from, to, name) = (outcome.Before.State, outcome.After.State, outcome.Name);
                var rows = Transitions.Table.Where(t => t.From == from && t.Event == name).ToArray();
                Assert.True(rows.Length == 1, $"step {i + 1}: {name} accepted in {from}, but the table has {rows.Length} rows for it");
                Assert.True(rows[0].To.Contains(to), $"step {i + 1}: {from} --{name}--> {to}, but the table says {from} --{name}--> {string.Join(" | ", rows[0].To)}");
                Assert.True(rows[0].Roles.Contains(accepted.ActingRole) && run.Steps[i].Party.Caller.Has(accepted.ActingRole),
                    $"step {i + 1}: {name} recorded as {accepted.ActingRole}; the row allows {string.Join(", ", rows[0].Roles)}");
                Assert.True(accepted.Events.Count > 0 && EventCatalog.NameOf(accepted.Events[0]) == name,
                    $"step {i + 1}: {name} recorded as {string.Join(", ", accepted.Events.Select(EventCatalog.NameOf))}");
                foreach (var extra in accepted.Events.Skip(1))
                    Assert.True(!EventCatalog.CommandTypes.Contains(extra.GetType()),
                        $"step {i + 1}: {name} also recorded {EventCatalog.NameOf(extra)}, which is not a derived event");
            }
        }, iter: 500, print: Describe, writeLine: output.WriteLine);

    [Fact]
    public void A_rejection_changes_nothing_and_awaiting_says_exactly_what_is_accepted() =>
        Generator.Runs.Sample(run =>
        {
            var machine = new Machine();
            for (var i = 0; i < run.Steps.Count; i++)
            {
                var step = run.Steps[i];
                var before = machine.State;
                var beforeJson = DarsJson.Serialize(before);
                var recorded = machine.History.Count;

                // Every awaited event, with a valid body, is accepted from every party who can see the application.
                var probes = 0UL;
                foreach (var party in Parties.People.Where(p => Parties.Sees(p, before)))
                    foreach (var name in Decider.Awaiting(before, party.Caller))
                    {
                        EventCatalog.TryGetType(name, out var type);
                        var body = Bodies.Valid(type, new Situation(before, party.Caller, step.At)).Generate(new PCG((uint)i, probes++), null, out _);
                        var probe = Decider.Decide(new Command(body, party.Caller), before, Machine.Context(step.At));
                        Assert.True(probe is Accepted,
                            $"before step {i + 1}, in {before.State}: {name} is awaited from {party} but {Show(body)} was refused: {Describe(probe)}");
                    }

                var outcome = machine.Apply(step);
                if (outcome.Decision is Rejected rejected)
                {
                    Assert.True(beforeJson == DarsJson.Serialize(before), $"step {i + 1}: the rejected {outcome.Name} changed the state it was decided on");
                    Assert.True(recorded == machine.History.Count && ReferenceEquals(before, machine.State), $"step {i + 1}: the rejected {outcome.Name} recorded events");
                    Assert.True(Enum.IsDefined(rejected.Kind) && !string.IsNullOrWhiteSpace(rejected.Detail), $"step {i + 1}: {Describe(rejected)}");
                    Assert.True((rejected.Kind == RejectionKind.Invalid) == rejected.Errors is { Count: > 0 },
                        $"step {i + 1}: {outcome.Name} was {Describe(rejected)}: field errors go with Invalid (422) and only with it");
                }
                else if (!step.Party.Caller.Has(Role.System))
                    Assert.True(Decider.Awaiting(before, step.Party.Caller).Contains(outcome.Name),
                        $"step {i + 1}: {step.Party} raised {outcome.Name} in {before.State} and it was accepted, but it was not in awaiting [{string.Join(", ", Decider.Awaiting(before, step.Party.Caller))}]");
            }
        }, iter: 200, print: Describe, writeLine: output.WriteLine);

    /// <summary>Keeps the generator honest: from fixed seeds, runs reach the late states, not only the early ones.</summary>
    [Fact]
    public void The_generator_reaches_the_late_states()
    {
        var pcg = new PCG(7, 20261123);
        var visited = new HashSet<State>();
        var outcomes = new HashSet<Outcome>();
        for (var i = 0; i < 200; i++)
        {
            var machine = new Machine();
            foreach (var step in Generator.Runs.Generate(pcg, null, out _).Steps)
            {
                visited.Add(machine.Apply(step).After.State);
                if (machine.State.Outcome is { } outcome) outcomes.Add(outcome);
            }
        }
        Assert.Superset(new HashSet<State> { State.Active, State.UnderRenewal, State.Suspended, State.AwaitingDestructionCertificate, State.Closed }, visited);
        Assert.Contains(Outcome.Completed, outcomes);
    }

    [Fact]
    public void Every_event_type_has_a_valid_and_an_invalid_body_generator()
    {
        var situation = new Situation(new Application { Id = Machine.Id }, Parties.All[0].Caller, Generator.Start);
        foreach (var type in Generator.EventTypes)
        {
            Assert.IsAssignableFrom(type, Bodies.Valid(type, situation).Generate(new PCG(1, 1), null, out _));
            Assert.IsAssignableFrom(type, Bodies.Invalid(type, situation).Generate(new PCG(1, 1), null, out _));
        }
    }

    private static void AssertSameJson(string expected, string actual, string what)
    {
        if (expected == actual) return;
        var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], Math.Min(expected.Length, actual.Length));
        var from = Math.Max(0, at - 80);
        Assert.Fail($"{what} differs from the evolved snapshot at character {at}:\n  evolved: …{expected[from..Math.Min(expected.Length, at + 80)]}\n  other:   …{actual[from..Math.Min(actual.Length, at + 80)]}");
    }

    // ---- runs, and how they are printed ----

    /// <summary>A person (or DARS) giving commands, with a label for printed examples.</summary>
    public sealed record Party(string Label, Caller Caller)
    {
        public override string ToString() => Label;
    }

    /// <summary>One command of a run: when, by whom, what.</summary>
    public sealed record Cmd(DateTimeOffset At, Party Party, EventData Data);

    public sealed record Run(IReadOnlyList<Cmd> Steps);

    /// <summary>What deciding one command did.</summary>
    public sealed record StepOutcome(Cmd Step, Application Before, Decision Decision, Application After, IReadOnlyList<RecordedEvent> Recorded)
    {
        public string Name => EventCatalog.NameOf(Step.Data);
    }

    public static class Parties
    {
        public static readonly Party System = new("dars (System)", Caller.System);

        public static readonly IReadOnlyList<Party> People =
        [
            new("alice (Applicant X26)", new Caller("alice", Role.Applicant, "X26")),
            new("yusuf (Applicant Y27)", new Caller("yusuf", Role.Applicant, "Y27")),
            new("olivia (CaseOfficer)", new Caller("olivia", Role.CaseOfficer)),
            new("oscar (CaseOfficer)", new Caller("oscar", Role.CaseOfficer)),
            new("ann (Approver)", new Caller("ann", Role.Approver)),
            // The same subject as the case officer olivia: separation of duties must stop her approving her own assessment.
            new("olivia (Approver)", new Caller("olivia", Role.Approver)),
            new("dana (DataProducer)", new Caller("dana", Role.DataProducer)),
            new("audrey (Auditor)", new Caller("audrey", Role.Auditor)),
        ];

        public static readonly IReadOnlyList<Party> All = [.. People, System];

        /// <summary>Whether the runtime would let the party act on the application at all (it answers 404 otherwise).</summary>
        public static bool Sees(Party party, Application state) => state.State == State.New || party.Caller.CanSee(state);
    }

    /// <summary>Decides and records commands exactly as <c>ApplicationRuntime.Prepare</c> does.</summary>
    public sealed class Machine(bool roundTripSnapshots = false)
    {
        public const string Id = "NIC-000001";
        public static readonly LifecycleOptions Options = new();

        public Application State { get; private set; } = new() { Id = Id };
        public List<RecordedEvent> History { get; } = [];

        /// <summary>With <c>roundTripSnapshots</c>, the last snapshot as stored; the state is then what storage gives back.</summary>
        public string? StoredJson { get; private set; }

        public static DecisionContext Context(DateTimeOffset now) => new(now, Forms.Catalogue, Options);

        public StepOutcome Apply(Cmd step)
        {
            var before = State;
            var decision = Decider.Decide(new Command(step.Data, step.Party.Caller), before, Context(step.At));
            if (decision is not Accepted accepted) return new(step, before, decision, before, []);
            var actor = new Actor(step.Party.Caller.Id, accepted.ActingRole);
            var events = accepted.Events.Select((data, i) => new RecordedEvent(before.Version + 1 + i, step.At, actor, data)).ToArray();
            State = events.Aggregate(before, Decider.Evolve);
            if (roundTripSnapshots)
            {
                StoredJson = DarsJson.Serialize(State);
                State = DarsJson.Deserialize<Application>(StoredJson);
            }
            History.AddRange(events);
            return new(step, before, decision, State, events);
        }
    }

    private static string Describe(Run run)
    {
        var text = new StringBuilder($"{run.Steps.Count} steps from {Generator.Start:yyyy-MM-dd HH:mm}Z on a new application:\n");
        var machine = new Machine();
        var previous = Generator.Start;
        for (var i = 0; i < run.Steps.Count; i++)
        {
            var step = run.Steps[i];
            string result;
            try
            {
                var outcome = machine.Apply(step);
                result = outcome.Decision is Accepted a
                    ? $"accepted{(a.Events.Count > 1 ? " (+" + string.Join(", ", a.Events.Skip(1).Select(EventCatalog.NameOf)) + ")" : "")} -> {outcome.After.State}"
                    : Describe(outcome.Decision);
            }
            catch (Exception e)
            {
                result = $"THREW {e.GetType().Name}: {e.Message}";
            }
            text.Append($"  {i + 1,3}. {step.At:yyyy-MM-dd HH:mm} (+{Since(previous, step.At)}) {step.Party.Label,-22} {Show(step.Data)}\n        => {result}\n");
            previous = step.At;
        }
        return text.ToString();
    }

    private static string Since(DateTimeOffset from, DateTimeOffset to) => (to - from) switch
    {
        { TotalDays: >= 1 } d => $"{(int)d.TotalDays}d",
        { TotalHours: >= 1 } h => $"{(int)h.TotalHours}h",
        var m => $"{(int)m.TotalMinutes}m",
    };

    private static readonly HashSet<string> UsualFormMembers =
        ["contact", "title", "purpose", "benefits", "datasets", "legalBasis", "security", "processingLocations", "externalReference", "isEmpty"];

    /// <summary>The event's name and body as JSON; a form's members that are null or as in every valid form are left out.</summary>
    private static string Show(EventData data)
    {
        var json = DarsJson.SerializeEvent(data);
        if (data is ApplicationSubmitted or Resubmission)
        {
            var form = (JsonObject)JsonNode.Parse(json)!.AsObject().Single().Value!;
            var usual = JsonNode.Parse(DarsJson.Serialize(Forms.Valid(DateOnly.FromDateTime(Generator.Start.UtcDateTime), "X26", "ref-1")))!.AsObject();
            foreach (var (key, value) in form.ToArray())
                if (value is null || (UsualFormMembers.Contains(key) && JsonNode.DeepEquals(value, usual[key])))
                    form.Remove(key);
            json = form.ToJsonString(DarsJson.Options);
        }
        return $"{EventCatalog.NameOf(data)} {(json.Length > 300 ? json[..297] + "..." : json)}";
    }

    private static string Describe(Decision decision) => decision switch
    {
        Rejected r => $"rejected {r.Kind}: {r.Detail}" + (r.Errors is { Count: > 0 } errors ? " {" + string.Join("; ", errors.Keys) + "}" : ""),
        Accepted a => "accepted: " + string.Join(", ", a.Events.Select(EventCatalog.NameOf)),
        _ => decision.ToString(),
    };

    // ---- the generator ----

    /// <summary>What a body generator may know: the state, who asks, and when.</summary>
    public sealed record Situation(Application State, Caller Caller, DateTimeOffset Now)
    {
        public DateOnly Today => UkTime.DateOf(Now);

        /// <summary>The organisation a valid submission names: the application's own, else the caller's.</summary>
        public string Org => State.Organisation?.OdsCode ?? Caller.Organisation ?? "X26";

        public int RequestedTerm => State.Form?.RequestedTermMonths is { } term and > 0 ? term : 12;

        public int MaxTerm => State.Form?.PurposeCategory is { } category && Vocabulary.MaxTermMonthsByCategory.TryGetValue(category, out var max) ? max : 36;
    }

    public static class Generator
    {
        /// <summary>A Monday morning in UK winter time.</summary>
        public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        public const int MaxSteps = 220;

        /// <summary>Every event type, raisable, system and derived, in a fixed order.</summary>
        public static readonly IReadOnlyList<Type> EventTypes = [.. EventCatalog.Types.OrderBy(EventCatalog.NameOfType, StringComparer.Ordinal)];

        public static readonly Gen<Run> Runs = new RunGen();

        private static readonly Gen<TimeSpan> Advance = Gen.Frequency<TimeSpan>(
            (3, Gen.Int[1, 600].Select(m => TimeSpan.FromMinutes(m))),
            (3, Gen.Int[1, 72].Select(h => TimeSpan.FromHours(h))),
            (3, Gen.Int[1, 30].Select(d => TimeSpan.FromDays(d) + TimeSpan.FromMinutes(d * 37 % 600))),
            (1, Gen.Int[30, 180].Select(d => TimeSpan.FromDays(d))));

        /// <summary>
        /// Runs are built step by step against the state so far (which the next step's bias depends on), so
        /// this is a hand-written generator; its size is the length, then the sizes of its draws, which is
        /// what CsCheck shrinks by.
        /// </summary>
        private sealed class RunGen : Gen<Run>
        {
            public override Run Generate(PCG pcg, Size? min, out Size size)
            {
                var draws = new Size(0);
                T Draw<T>(Gen<T> gen)
                {
                    var value = gen.Generate(pcg, null, out var s);
                    draws.Add(s);
                    return value;
                }

                var length = Draw(Gen.Int[1, MaxSteps]);
                var machine = new Machine();
                var now = Start;
                var steps = new List<Cmd>();
                for (var i = 0; i < length; i++)
                {
                    var state = machine.State;
                    now += Draw(Advance);
                    var (party, type, awaited) = Draw(Gen.Int[0, 99]) < 80 && Awaited(state) is { Count: > 0 } candidates
                        ? Pick(candidates, Draw(Gen.Int[0, candidates.Sum(c => c.Weight) - 1]))
                        : (Draw(Gen.OneOf(Parties.All.ToArray())), Draw(Gen.OneOf(EventTypes.ToArray())), false);
                    var situation = new Situation(state, party.Caller, now);
                    var valid = Draw(Gen.Int[0, 99]) < (awaited ? 85 : 50);
                    var data = Draw(valid ? Bodies.Valid(type, situation) : Bodies.Invalid(type, situation));
                    // A timer still in the schedule fires when it falls due, not before.
                    if (data is TimerEvent timer && timer.DueAt > now && Schedule.Holds(timer, state, Machine.Options)) now = timer.DueAt;

                    var step = new Cmd(now, party, data);
                    steps.Add(step);
                    try
                    {
                        machine.Apply(step);
                    }
                    catch
                    {
                        break; // the properties replay the run and report it
                    }
                }
                size = new Size((ulong)steps.Count, draws);
                return new Run(steps);
            }

            private static (Party, Type, bool) Pick(IReadOnlyList<(Party Party, Type Type, int Weight)> candidates, int at)
            {
                foreach (var (party, type, weight) in candidates)
                {
                    if (at < weight) return (party, type, true);
                    at -= weight;
                }
                throw new InvalidOperationException("weights");
            }
        }

        /// <summary>
        /// What the state awaits, as (party, event, weight): every visible person's <see cref="Decider.Awaiting"/>
        /// and the system events of the current state. Endings and noise weigh less, so runs get far.
        /// </summary>
        private static List<(Party Party, Type Type, int Weight)> Awaited(Application state)
        {
            var candidates = new List<(Party, Type, int)>();
            foreach (var party in Parties.People.Where(p => Parties.Sees(p, state)))
                foreach (var name in Decider.Awaiting(state, party.Caller))
                    Add(party, name);
            foreach (var name in Transitions.From(state.State).Where(t => t.Roles.Contains(Role.System)).Select(t => t.Event).Distinct())
                Add(Parties.System, name);
            return candidates;

            void Add(Party party, string name)
            {
                if (EventCatalog.TryGetType(name, out var type)) candidates.Add((party, type, Weight(name, state.State)));
            }
        }

        private static int Weight(string name, State state) => name switch
        {
            "withdraw" or "terminate" => 1,
            "officer-review" when state == State.UnderAssessment => 20, // only refers back or rejects there
            // Before the release an expiry closes the application: rare there, so runs get to Active.
            "expiry-reminder" or "agreement-expired" when state is not (State.Active or State.UnderRenewal or State.Suspended) => 2,
            "enquiry-closed" => 5,
            "activity-failed" or "notification-sent" or "access-revoked" or "sla-status-marked" => 10,
            "agreement-expired" => 15,
            "enquiry-submitted" or "enquiry-response" or "external-approval-requested" or "retry-activity"
                or "expiry-reminder" or "destruction-reminder" or "destruction-overdue" => 30,
            "data-released" when state == State.Active => 30,
            "audit-completed" or "renewal-requested" => 40,
            _ => 100,
        };
    }

    /// <summary>Per event type: bodies that every rule accepts, and bodies with missing or wrong fields.</summary>
    public static class Bodies
    {
        private static readonly string[] ApprovalTypes = [.. Vocabulary.ExternalApprovalTypes];
        private static readonly string[] Categories = [.. Vocabulary.MaxTermMonthsByCategory.Keys.Order(StringComparer.Ordinal)];

        private static Gen<EventData> Of<T>(Gen<T> gen) where T : EventData => gen.Select(EventData (x) => x);

        private static Gen<EventData> Just(EventData data) => Gen.Const(data);

        private static Gen<string?> Maybe(params string[] values) => Gen.OneOf<string?>([null, .. values]);

        private static Gen<string> Text(params string[] values) => Gen.OneOf(values);

        private static Gen<string[]> Approvals => Gen.Frequency<string[]>(
            (3, Gen.Const(Array.Empty<string>())),
            (2, Gen.Int[1, 15].Select(mask => ApprovalTypes.Where((_, i) => ((mask >> i) & 1) == 1).ToArray())));

        public static Gen<ApplicationForm> ValidForm(DateOnly today, string org) =>
            from category in Gen.OneOf(Categories)
            from term in Gen.Int[1, Vocabulary.MaxTermMonthsByCategory[category]]
            from startIn in Gen.Int[0, 365]
            from cohort in Gen.Bool
            from approvals in Approvals
            from mode in Gen.OneOf(Vocabulary.AccessModes.ToArray())
            from exemption in Gen.OneOf(Vocabulary.ObjectionExemptions.ToArray())
            select Forms.Valid(today, org, "ref-1", approvals) with
            {
                PurposeCategory = category, RequestedTermMonths = term, RequestedStartDate = today.AddDays(startIn),
                CohortRequired = cohort, AccessMode = mode, ObjectionExemption = exemption,
            };

        private static Gen<DateTimeOffset> AnyInstant(DateTimeOffset now) => Gen.Frequency<DateTimeOffset>(
            (1, Gen.Int[-400, 800].Select(d => UkTime.StartOf(UkTime.DateOf(now).AddDays(d)))),
            (1, Gen.Int[-100_000, 1_000_000].Select(m => now.AddMinutes(m))));

        private static Gen<EventData> Timer<T>(Situation s, Func<DateTimeOffset, T> make, bool scheduled) where T : TimerEvent
        {
            var due = Schedule.For(s.State, Machine.Options).Where(t => t.Timer == EventCatalog.NameOf<T>()).Select(t => t.DueAt).ToArray();
            return (scheduled && due.Length > 0 ? Gen.Frequency<DateTimeOffset>((7, Gen.OneOf(due)), (3, AnyInstant(s.Now))) : AnyInstant(s.Now))
                .Select(EventData (at) => make(at));
        }

        private static string ReasonFor(string? exemption) => exemption switch
        {
            "consent" => "No - consent provided by participants of research study",
            "not-identifiable" => "No - data flow is not identifiable",
            _ => "Yes - patient objections upheld",
        };

        private static readonly Gen<(string, Effect)> FailedActivity = Gen.OneOf<(string, Effect)>(
            ("send-notification", new SendNotification("application-received", "applicant", "The application was received.")),
            ("produce-data", new ProduceData()),
            ("release-data", new ReleaseData("secure-file-transfer")),
            ("revoke-access", new RevokeAccess("withdrawn")),
            ("validate-cohort", new ValidateCohort("cohorts/NIC-000001/1.csv", "cohort.csv")));

        /// <summary>A body the event's rules accept in this situation (state-dependent where the rules are).</summary>
        public static Gen<EventData> Valid(Type type, Situation s) => type.Name switch
        {
            nameof(EnquirySubmitted) => Of(Text("Can we study readmissions?", "Which datasets hold deaths?").Select(title =>
                new EnquirySubmitted(new OrganisationDetails(s.Org, "Example University"), new ContactDetails("Dr A Researcher", "a.researcher@example.ac.uk"),
                    title, "Which datasets would we need?"))),
            nameof(EnquiryResponse) => Of(Text("Use HES APC.", "Apply with a cohort.").Select(a => new EnquiryResponse(a))),
            nameof(EnquiryClosed) => Of(Maybe("No longer needed.").Select(r => new EnquiryClosed(r))),
            nameof(ApplicationSubmitted) => Of(ValidForm(s.Today, s.Org).Select(f => new ApplicationSubmitted(f))),
            nameof(OfficerReview) => s.State.State == State.AwaitingInitialReview
                ? Gen.Frequency<EventData>((16, Just(new OfficerReview(OfficerReview.Accept, null, null))), (3, ReferBack), (1, Just(new OfficerReview(OfficerReview.Reject, null, "Out of scope."))))
                : Gen.Frequency<EventData>((6, ReferBack), (1, Just(new OfficerReview(OfficerReview.Reject, null, "Out of scope.")))),
            nameof(Resubmission) => Of(
                from startIn in Gen.Int[0, 300]
                from title in Maybe("Heart failure readmissions, revised")
                from purpose in Maybe("A revised purpose.")
                from approvals in Gen.Frequency<string[]?>((3, Gen.Const((string[]?)null)), (1, Approvals.Select(string[]? (a) => a)))
                select new Resubmission(new ApplicationForm { RequestedStartDate = s.Today.AddDays(startIn), Title = title, Purpose = purpose, ExternalApprovals = approvals })),
            nameof(ExternalApprovalRequested) => Of(Gen.OneOf(OrAll(ApprovalTypes.Where(t => !s.State.ExternalApprovals.Any(a => a.ApprovalType == t && a.Status != ApprovalStatus.Refused))))
                .Select(t => new ExternalApprovalRequested(t, null))),
            nameof(ExternalApprovalRecorded) => Of(
                from approvalType in Gen.OneOf(OrAll(s.State.ExternalApprovals.Where(a => a.Status == ApprovalStatus.Pending).Select(a => a.ApprovalType)))
                from outcome in Gen.Frequency((6, ExternalApprovalRecorded.Granted), (1, ExternalApprovalRecorded.Refused))
                from reference in Gen.Int[1, 9999]
                from expires in Gen.Frequency<DateOnly?>((1, Gen.Const((DateOnly?)null)), (1, Gen.Int[30, 900].Select(d => (DateOnly?)s.Today.AddDays(d))))
                select new ExternalApprovalRecorded(approvalType, outcome, $"REF-{reference}", expires, null)),
            nameof(AssessmentCompleted) => Of(Maybe("All checks done.").Select(n => new AssessmentCompleted(n))),
            nameof(Withdrawn) => Of(Maybe("Funding ended.").Select(r => new Withdrawn(r))),
            nameof(Terminated) => Of(Maybe("Breach of the agreement.").Select(r => new Terminated(r))),
            nameof(ApprovalDecision) => Gen.Frequency<EventData>(
                (12, Of(from conditions in Text("Annual report", "No linkage").Array[0, 2]
                       from term in Gen.Frequency<int?>((2, Gen.Const((int?)null)), (1, Gen.Int[1, s.RequestedTerm].Select(t => (int?)t)))
                       select new ApprovalDecision(ApprovalDecision.Approve, conditions, term, null))),
                (1, Just(new ApprovalDecision(ApprovalDecision.Reject, null, null, "Insufficient benefit."))),
                (3, Just(new ApprovalDecision(ApprovalDecision.ReferBack, null, null, "Check the legal basis.")))),
            nameof(AgreementSignedByProvider) => Of(Text("Olivia Officer", "A N Other").Select(n => new AgreementSignedByProvider(n))),
            nameof(AgreementSignedByApplicant) => Of(Text("Dr A Researcher").Select(n => new AgreementSignedByApplicant(n, "Principal investigator"))),
            nameof(PurchaseOrder) => Of(Gen.String[Gen.Char["ABCXYZabcxyz0123456789-/"], 1, 35].Select(po => new PurchaseOrder(po))),
            nameof(CohortUploaded) => Of(Gen.Int[1, 99].Select(n => new CohortUploaded($"cohort-{n}.csv", $"cohorts/{Machine.Id}/{n}.csv"))),
            nameof(CohortValidated) => Of(
                from accepted in Gen.Frequency((3, true), (1, false))
                from validRows in Gen.Int[1, 5000]
                from invalidRows in accepted ? Gen.Const(0) : Gen.Int[1, 500]
                select new CohortValidated(accepted, validRows + invalidRows, validRows, invalidRows, accepted ? null : "Row 3: NHS_NUMBER fails the check digit.")),
            nameof(DataProduced) => Of(
                from cohortRows in Gen.Int[0, 5000]
                from matched in Gen.Int[0, cohortRows]
                from type1 in s.State.Form?.ObjectionExemption is null or "none" ? Gen.Int[0, matched] : Gen.Const(0)
                from optOut in s.State.Form?.ObjectionExemption is null or "none" ? Gen.Int[0, matched - type1] : Gen.Const(0)
                from released in Gen.Int[0, 100_000]
                select new DataProduced(cohortRows, matched, type1, optOut, released, ReasonFor(s.State.Form?.ObjectionExemption), ["extracts/hes-apc.csv"])),
            nameof(DataSignedOff) => Gen.Frequency<EventData>((4, Just(new DataSignedOff(DataSignedOff.Approve, null))), (1, Just(new DataSignedOff(DataSignedOff.Reject, "Wrong fields.")))),
            nameof(DataReleased) => Just(s.State.Form?.AccessMode == "secure-data-environment"
                ? new DataReleased("secure-data-environment", null, "sde-grant-1")
                : new DataReleased("secure-file-transfer", [$"releases/{Machine.Id}/hes-apc.csv"])),
            nameof(AccessRevoked) => Of(Text("agreement-expired", "withdrawn", "terminated", "audit-critical-finding").Select(r => new AccessRevoked(r))),
            nameof(RenewalRequested) => Of(Gen.Int[1, s.MaxTerm].Select(t => new RenewalRequested(t, "Follow-up analysis."))),
            nameof(RenewalDecision) => Gen.Frequency<EventData>(
                (3, Of(Gen.Int[1, Math.Max(1, s.State.Renewal?.TermMonths ?? 12)].Select(t => new RenewalDecision(RenewalDecision.Approve, t, null)))),
                (1, Just(new RenewalDecision(RenewalDecision.Reject, null, "Not justified.")))),
            nameof(AuditCompleted) => Of(
                (from findingType in Gen.OneOf(AuditCompleted.Types.ToArray())
                 from risk in Gen.Frequency((1, "critical"), (2, "high"), (3, "medium"), (3, "low"))
                 select new AuditFinding(findingType, risk, "Found during the audit.")).Array[0, 3]
                .Select(findings => new AuditCompleted(findings, null))),
            nameof(AuditFindingsClosed) => Of(Maybe("Remediated.").Select(n => new AuditFindingsClosed(n))),
            nameof(ExpiryReminder) => Timer(s, at => new ExpiryReminder(at), scheduled: true),
            nameof(AgreementExpired) => Timer(s, at => new AgreementExpired(at), scheduled: true),
            nameof(DestructionReminder) => Timer(s, at => new DestructionReminder(at), scheduled: true),
            nameof(DestructionOverdue) => Timer(s, at => new DestructionOverdue(at), scheduled: true),
            nameof(CertificateOfDestruction) => Of(Gen.Int[0, 60].Select(d =>
                new CertificateOfDestruction("Dr A Researcher", "Principal investigator", s.Today.AddDays(-d), "Secure erasure", true))),
            nameof(SlaStatusMarked) => Of(Text("at-risk", "breached").Select(status => new SlaStatusMarked(status, 60, s.Today))),
            nameof(ActivityFailed) => Of(FailedActivity.Select(f => new ActivityFailed(f.Item1, "The relay refused the message.", 5, f.Item2))),
            nameof(NotificationSent) => Just(new NotificationSent("application-received", "applicant", "The application was received.")),
            nameof(ActivityRetried) => Of(Maybe("Relay fixed.").Select(n => new ActivityRetried(n))),
            nameof(AgreementStarted) => Just(new AgreementStarted(s.Today, s.Today.AddMonths(12))),
            nameof(DestructionCertificateDue) => Just(new DestructionCertificateDue(s.Today.AddDays(30))),
            _ => throw new NotSupportedException($"No valid body generator for {type.Name}: add one to {nameof(Bodies)}."),
        };

        /// <summary>A body with a missing or wrong field (for events without rules, odd but well-typed values).</summary>
        public static Gen<EventData> Invalid(Type type, Situation s) => type.Name switch
        {
            nameof(EnquirySubmitted) => Gen.OneOf<EventData>(
                Just(new EnquirySubmitted(null, new ContactDetails("A", "a@example.org"), "T", "Q?")),
                Just(new EnquirySubmitted(new OrganisationDetails("Z99", "Elsewhere"), new ContactDetails("A", "a@example.org"), "T", "Q?")),
                Just(new EnquirySubmitted(new OrganisationDetails(s.Org, "U"), new ContactDetails(" ", null), null, ""))),
            nameof(EnquiryResponse) => Gen.OneOf<EventData>(Just(new EnquiryResponse(null)), Just(new EnquiryResponse("  ")), Just(new EnquiryResponse(new string('x', 10_001)))),
            nameof(EnquiryClosed) => Just(new EnquiryClosed(new string('x', 20_000))),
            nameof(ApplicationSubmitted) => Of(ValidForm(s.Today, s.Org).SelectMany(form => Gen.OneOf(
                form with { Title = null },
                form with { RequestedTermMonths = 99 },
                form with { RequestedTermMonths = 0 },
                form with { RequestedStartDate = s.Today.AddDays(-1) },
                form with { RequestedStartDate = s.Today.AddMonths(13) },
                form with { Organisation = new OrganisationDetails("Z99", "Elsewhere") },
                form with { LegalBasis = new LegalBasis(null, "9(2)(j)", "consent", null) },
                form with { LegalBasis = new LegalBasis("6(1)(e)", null, "section-251", null) },
                form with { Security = new SecurityAssurance("not-met-with-plan", null, null) },
                form with { Datasets = [new DatasetRequest("no-such-dataset", ["X"])] },
                form with { Datasets = [null!] },
                form with { ObjectionExemption = "not-identifiable", Datasets = [new DatasetRequest("hes-apc", ["NHS_NUMBER"])] },
                form with { ExternalApprovals = ["research-ethics", "research-ethics"] },
                form with { Contact = new ContactDetails("A", "not-an-email") },
                new ApplicationForm())).Select(f => new ApplicationSubmitted(f))),
            nameof(OfficerReview) => Gen.OneOf<EventData>(
                Just(new OfficerReview(null, null, null)),
                Just(new OfficerReview("approve", null, null)),
                Just(new OfficerReview(OfficerReview.ReferBack, null, null)),
                Just(new OfficerReview(OfficerReview.ReferBack, [" "], null)),
                Just(new OfficerReview(OfficerReview.ReferBack, [null!], null)),
                Just(new OfficerReview(OfficerReview.Accept, null, null))),
            nameof(Resubmission) => Gen.OneOf<EventData>(
                Just(new Resubmission(new ApplicationForm())),
                Just(new Resubmission(new ApplicationForm { ExternalReference = "another-ref" })),
                Just(new Resubmission(new ApplicationForm { RequestedStartDate = s.Today.AddDays(-30) })),
                Just(new Resubmission(new ApplicationForm { RequestedTermMonths = 999, RequestedStartDate = s.Today })),
                Just(new Resubmission(new ApplicationForm { Organisation = new OrganisationDetails("Z99", "Elsewhere") }))),
            nameof(ExternalApprovalRequested) => Gen.OneOf<EventData>(
                Just(new ExternalApprovalRequested(null, null)),
                Just(new ExternalApprovalRequested("blessing-of-the-board", null)),
                Of(Gen.OneOf(ApprovalTypes).Select(t => new ExternalApprovalRequested(t, null)))),
            nameof(ExternalApprovalRecorded) => Gen.OneOf<EventData>(
                Of(Gen.OneOf(ApprovalTypes).Select(t => new ExternalApprovalRecorded(t, ExternalApprovalRecorded.Granted, "REF-1", null, null))),
                Just(new ExternalApprovalRecorded("research-ethics", "maybe", "REF-1", null, null)),
                Just(new ExternalApprovalRecorded("research-ethics", ExternalApprovalRecorded.Granted, null, null, null)),
                Just(new ExternalApprovalRecorded(null, null, null, null, null))),
            nameof(AssessmentCompleted) => Just(new AssessmentCompleted(null)),
            nameof(Withdrawn) => Just(new Withdrawn("")),
            nameof(Terminated) => Just(new Terminated("")),
            nameof(ApprovalDecision) => Gen.OneOf<EventData>(
                Just(new ApprovalDecision(null, null, null, null)),
                Just(new ApprovalDecision("yes", null, null, null)),
                Just(new ApprovalDecision(ApprovalDecision.Approve, null, 0, null)),
                Just(new ApprovalDecision(ApprovalDecision.Approve, null, s.RequestedTerm + 1, null)),
                Just(new ApprovalDecision(ApprovalDecision.Reject, null, 6, null)),
                Just(new ApprovalDecision(ApprovalDecision.Approve, [" "], null, null))),
            nameof(AgreementSignedByProvider) => Gen.OneOf<EventData>(Just(new AgreementSignedByProvider(null)), Just(new AgreementSignedByProvider(new string('x', 201)))),
            nameof(AgreementSignedByApplicant) => Gen.OneOf<EventData>(Just(new AgreementSignedByApplicant("Dr A", null)), Just(new AgreementSignedByApplicant(" ", "PI"))),
            nameof(PurchaseOrder) => Of(Gen.OneOf<string?>(null, "", "PO 1", "PO#1", new string('9', 36)).Select(po => new PurchaseOrder(po))),
            nameof(CohortUploaded) => Gen.OneOf<EventData>(Just(new CohortUploaded(null, "cohorts/x.csv")), Just(new CohortUploaded("c.csv", new string('b', 1025)))),
            nameof(CohortValidated) => Just(new CohortValidated(false, -1, 5, 3, null)),
            nameof(DataProduced) => Just(new DataProduced(-1, 7, 9, -3, -5, "Maybe", [])),
            nameof(DataSignedOff) => Gen.OneOf<EventData>(Just(new DataSignedOff(null, null)), Just(new DataSignedOff("ok", null))),
            nameof(DataReleased) => Just(new DataReleased("carrier-pigeon", [], "")),
            nameof(AccessRevoked) => Just(new AccessRevoked("")),
            nameof(RenewalRequested) => Gen.OneOf<EventData>(
                Just(new RenewalRequested(null, "More time.")),
                Just(new RenewalRequested(0, "More time.")),
                Just(new RenewalRequested(s.MaxTerm + 1, "More time.")),
                Just(new RenewalRequested(6, null))),
            nameof(RenewalDecision) => Gen.OneOf<EventData>(
                Just(new RenewalDecision(null, null, null)),
                Just(new RenewalDecision(RenewalDecision.Approve, null, null)),
                Just(new RenewalDecision(RenewalDecision.Approve, 0, null)),
                Just(new RenewalDecision(RenewalDecision.Approve, (s.State.Renewal?.TermMonths ?? 60) + 1, null)),
                Just(new RenewalDecision("maybe", 6, null))),
            nameof(AuditCompleted) => Gen.OneOf<EventData>(
                Just(new AuditCompleted(null, null)),
                Just(new AuditCompleted([new AuditFinding("bad", "low", null)], null)),
                Just(new AuditCompleted([new AuditFinding("observation", null, null)], null)),
                Just(new AuditCompleted([null!], null)),
                Just(new AuditCompleted([new AuditFinding("nonconformity", "critical", null), new AuditFinding(null, "critical", null)], null))),
            nameof(AuditFindingsClosed) => Just(new AuditFindingsClosed(null)),
            nameof(ExpiryReminder) => Timer(s, at => new ExpiryReminder(at), scheduled: false),
            nameof(AgreementExpired) => Timer(s, at => new AgreementExpired(at), scheduled: false),
            nameof(DestructionReminder) => Timer(s, at => new DestructionReminder(at), scheduled: false),
            nameof(DestructionOverdue) => Timer(s, at => new DestructionOverdue(at), scheduled: false),
            nameof(CertificateOfDestruction) => Gen.OneOf<EventData>(
                Just(new CertificateOfDestruction("Dr A", "PI", s.Today, "Erased", false)),
                Just(new CertificateOfDestruction("Dr A", "PI", s.Today, "Erased", null)),
                Just(new CertificateOfDestruction("Dr A", "PI", s.Today.AddDays(1), "Erased", true)),
                Just(new CertificateOfDestruction("Dr A", "PI", null, "Erased", true)),
                Just(new CertificateOfDestruction(null, null, s.Today, null, true))),
            nameof(SlaStatusMarked) => Just(new SlaStatusMarked(null, -5, null)),
            nameof(ActivityFailed) => Of(FailedActivity.Select(f => new ActivityFailed("", "", 0, f.Item2))),
            nameof(NotificationSent) => Just(new NotificationSent("", "", "")),
            nameof(ActivityRetried) => Just(new ActivityRetried(null)),
            nameof(AgreementStarted) => Just(new AgreementStarted(s.Today, s.Today.AddDays(-1))),
            nameof(DestructionCertificateDue) => Just(new DestructionCertificateDue(default)),
            _ => throw new NotSupportedException($"No invalid body generator for {type.Name}: add one to {nameof(Bodies)}."),
        };

        private static readonly Gen<EventData> ReferBack =
            Text("A data flow diagram", "The DSPT reference", "Evidence of ethics approval").Array[1, 3]
                .Select(EventData (info) => new OfficerReview(OfficerReview.ReferBack, info, null));

        private static string[] OrAll(IEnumerable<string> types) => types.ToArray() is { Length: > 0 } some ? some : ApprovalTypes;
    }
}

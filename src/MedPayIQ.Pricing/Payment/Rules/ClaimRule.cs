namespace MedPayIQ.Pricing;

/// <summary>Where a rule looks: one line at a time, the lines of one date of service, or the whole claim.</summary>
internal enum RuleScope : byte
{
    Line,
    Day,
    Claim,
}

/// <summary>
/// One payment rule of the claim pipeline: its identity, the step text it writes, the CMS source it follows and the
/// remittance code of its adjustments. Rules are stateless singletons, run in the order of <see cref="ClaimRules.Ordered"/>.
/// </summary>
internal abstract class ClaimRule
{
    /// <summary>The rule's identity, as <see cref="PricingStep.Rule"/>.</summary>
    public abstract PricingRule Rule { get; }

    /// <summary>The step's name, as people read it ("multiple procedures").</summary>
    public abstract string Name { get; }

    /// <summary>The CMS source of the rule: manual, chapter and section; the RVU file readme; the CFR section.</summary>
    public abstract string Source { get; }

    /// <summary>The remittance code of the rule's adjustments (a rule that decides an outcome may write another).</summary>
    public virtual RemittanceCode Remittance => RemittanceCodes.ChargeExceedsFeeSchedule;

    /// <summary>The id of <see cref="Remittance"/> (found once).</summary>
    // Stryker disable once all : a cache of a constant of the rule; computing it again gives the same value
    internal byte RemittanceId => _remittanceId != byte.MaxValue ? _remittanceId : _remittanceId = RemittanceCodes.IdOf(Remittance);

    private byte _remittanceId = byte.MaxValue;

    /// <summary>Whether the rule's reductions are adjusted on the remittance with its own code (not CO-45, which takes what no rule takes).</summary>
    // Stryker disable once all : a cache of a constant of the rule; computing it again gives the same value
    internal bool RemitsReductions => _remits != 0 ? _remits > 0 : (_remits = (sbyte)(RemittanceId != RemittanceCodes.FeeScheduleId ? 1 : -1)) > 0;

    private sbyte _remits;

    /// <summary>What the claim must have for the rule to have anything to do (default: always run).</summary>
    public virtual RuleNeeds Needs => default;

    /// <summary>Every remittance code the rule can write, the usual one first; empty for rules that adjust no charge.</summary>
    public virtual System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [Remittance];

    /// <summary>What the rule looks at.</summary>
    public abstract RuleScope Scope { get; }

    /// <summary>Applies the rule to one date of service (line and day rules) or to the whole claim (claim rules: <paramref name="day"/> holds every line).</summary>
    public abstract void Apply(ref ClaimDay day);

    /// <summary>The detail of one step the rule wrote.</summary>
    public abstract string Detail(in Adjustment adjustment, in LinePrice price);

    /// <summary>The source of one step (most rules have one; the provider share names its regulation).</summary>
    public virtual string SourceOf(in Adjustment adjustment, in LinePrice price) => Source;

    /// <summary>The sentence of a line whose outcome the rule decided.</summary>
    public virtual string Reason(in Adjustment adjustment, in LinePrice price) => price.DecisionText ?? price.Service.Reason;

    /// <summary>The factor shown on a step, or <c>null</c> when the step does not multiply.</summary>
    public virtual decimal? FactorOf(in Adjustment adjustment) => adjustment.Factor == 0m ? null : adjustment.Factor;

    /// <summary>The rule's place in <see cref="ClaimRules.Ordered"/>.</summary>
    internal int Order { get; set; }

    /// <summary>
    /// Steps the rule writes from the line's results when they are read (the fee, the rounding, the charge and cost
    /// sharing keep their amounts in the line, not as adjustments).
    /// </summary>
    public virtual void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
    }

    /// <summary>The part of the line's charge the rule adjusts on the remittance from the line's results (cents), for rules that keep no adjustments.</summary>
    public virtual long RemittanceCents(in LinePrice price) => 0;

    /// <summary>A step of the rule, with its remittance.</summary>
    protected PricingStep Step(string detail, decimal before, decimal after, decimal? factor = null, long remittanceCents = 0)
        => new(Rule, Name, detail, after, Source)
        {
            Factor = factor,
            AmountBefore = before,
            Remittance = remittanceCents != 0 ? Remittance : null,
            RemittanceAmount = Money.Dollars(remittanceCents),
        };

    /// <summary>The warnings the rule gives a line, as sentences (written when read).</summary>
    public virtual void AddWarnings(in LinePrice price, System.Collections.Immutable.ImmutableArray<string>.Builder warnings)
    {
    }
}

/// <summary>A rule that looks at one line at a time, without the other lines of the day.</summary>
internal abstract class LineRule : ClaimRule
{
    private ModifierEffect _trigger;
    private LineFilter _filter;
    private bool _known, _others;

    public sealed override RuleScope Scope => RuleScope.Line;

    /// <summary>Modifier effects that make the rule look at a line; <see cref="ModifierEffect.None"/>: every line.</summary>
    protected virtual ModifierEffect Trigger => ModifierEffect.None;

    /// <summary>The lines the rule looks at, as flags the engine checks before calling it.</summary>
    protected virtual LineFilter Filter => LineFilter.Priced | LineFilter.NotAnesthesia;

    /// <summary>
    /// Whether the rule also looks at lines another Part B schedule prices (CLFS, DMEPOS, ASP): units, rounding,
    /// coinsurance and sequestration do; the physician fee schedule's own rules do not.
    /// </summary>
    protected virtual bool SeesOtherSchedules => false;

    /// <summary>Whether the rule has anything to do on this claim (checked once per date of service).</summary>
    protected virtual bool AppliesTo(Claim claim, in SeenOnClaim seen) => true;

    public sealed override void Apply(ref ClaimDay day)
    {
        Know();
        if (!AppliesTo(day.Claim, day.Work.Seen))
        {
            return; // the engine has already skipped the rule when the claim has none of what it needs
        }

        var states = day.Work.States;
        foreach (int i in day.Lines)
        {
            if (Looks(states[i]))
            {
                var line = day.Line(i);
                Apply(ref line);
            }
        }
    }

    private void Know()
    {
        if (!_known)
        {
            (_trigger, _filter, _others, _known) = (Trigger, Filter, SeesOtherSchedules, true); // constants of the rule, read once
        }
    }

    /// <summary>Whether the rule looks at a line, by its trigger and filter (no call to the rule).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool Looks(in LineState s)
    {
        var trigger = _trigger;
        var filter = _filter;
        return !((s.Schedule != PaymentSchedule.PhysicianFeeSchedule && !_others)
            || (trigger != ModifierEffect.None && (s.Effect & trigger) == 0)
            || ((filter & LineFilter.Priced) != 0 && s.Outcome != PriceOutcome.Priced)
            || ((filter & LineFilter.NotAnesthesia) != 0 && s.Anesthesia)
            || ((filter & LineFilter.AnesthesiaOnly) != 0 && !s.Anesthesia)
            || ((filter & LineFilter.AnesthesiaOrItsModifiers) != 0 && !s.Anesthesia && (s.Effect & ModifierEffect.Anesthesia) == 0)
            || ((filter & LineFilter.SeveralUnits) != 0 && s.Units < 2)
            || ((filter & LineFilter.OppsCap) != 0 && !s.HasCap)
            || ((filter & LineFilter.WithModifiers) != 0 && s.Effect == ModifierEffect.None && !s.UnknownModifier));
    }

    /// <summary>Applies the rule to one line.</summary>
    protected abstract void Apply(ref LineView line);
}

/// <summary>A rule that looks at the lines of one date of service together.</summary>
internal abstract class DayRule : ClaimRule
{
    public sealed override RuleScope Scope => RuleScope.Day;
}

/// <summary>A rule that looks at the whole claim at once (the deductible goes to the claim's lines in one order).</summary>
internal abstract class WholeClaimRule : ClaimRule
{
    public sealed override RuleScope Scope => RuleScope.Claim;
}

/// <summary>Which lines a line rule looks at (checked by the engine, without calling the rule).</summary>
[Flags]
internal enum LineFilter : byte
{
    /// <summary>Every line, decided or not.</summary>
    All = 0,
    /// <summary>Lines still priced (not decided by an earlier rule).</summary>
    Priced = 1,
    /// <summary>Not anesthesia lines.</summary>
    NotAnesthesia = 2,
    /// <summary>Anesthesia lines only.</summary>
    AnesthesiaOnly = 4,
    /// <summary>Lines of two or more units (counted for ranking).</summary>
    SeveralUnits = 8,
    /// <summary>Lines whose row has OPPS RVUs.</summary>
    OppsCap = 16,
    /// <summary>Lines with at least one modifier.</summary>
    WithModifiers = 32,
    /// <summary>Anesthesia lines, and lines carrying an anesthesia payment modifier.</summary>
    AnesthesiaOrItsModifiers = 64,
}

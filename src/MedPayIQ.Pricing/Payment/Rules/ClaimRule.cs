using System.Runtime.CompilerServices;

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
    internal byte RemittanceId => _remittanceId != byte.MaxValue ? _remittanceId : _remittanceId = RemittanceCodes.IdOf(Remittance);

    private byte _remittanceId = byte.MaxValue;

    /// <summary>Whether the rule's reductions are adjusted on the remittance with its own code (not CO-45, which takes what no rule takes).</summary>
    internal bool RemitsReductions => _remits != 0 ? _remits > 0 : (_remits = (sbyte)(RemittanceId != RemittanceCodes.FeeScheduleId ? 1 : -1)) > 0;

    private sbyte _remits;

    /// <summary>What the claim must have for the rule to have anything to do (default: always run).</summary>
    public virtual RuleNeeds Needs => default;

    /// <summary>Where the rule runs (kept: the engine asks for every rule of every claim).</summary>
    internal RuleScope ScopeOnce => _scope != 0 ? (RuleScope)(_scope - 1) : (RuleScope)((_scope = (byte)(Scope + 1)) - 1);

    private byte _scope;

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
    private bool _known;

    public sealed override RuleScope Scope => RuleScope.Line;

    /// <summary>Modifier effects that make the rule look at a line; <see cref="ModifierEffect.None"/>: every line.</summary>
    protected virtual ModifierEffect Trigger => ModifierEffect.None;

    /// <summary>The lines the rule looks at, as flags the engine checks before calling it.</summary>
    protected virtual LineFilter Filter => LineFilter.Priced | LineFilter.NotAnesthesia;

    /// <summary>Whether the rule has anything to do on this claim (checked once per date of service).</summary>
    protected virtual bool AppliesTo(Claim claim, in SeenOnClaim seen) => true;

    public sealed override void Apply(ref ClaimDay day)
    {
        Know();
        var trigger = _trigger;
        var filter = _filter;
        ref readonly var seen = ref day.Work.Seen;
        if ((trigger != ModifierEffect.None && (seen.Effects & trigger) == 0)
            || ((filter & LineFilter.AnesthesiaOnly) != 0 && !seen.Anesthesia)
            || ((filter & LineFilter.SeveralUnits) != 0 && !seen.SeveralUnits)
            || ((filter & LineFilter.OppsCap) != 0 && !seen.OppsCap)
            || ((filter & LineFilter.WithModifiers) != 0 && !seen.Modifiers)
            || !AppliesTo(day.Claim, seen))
        {
            return; // no line of the claim can be one the rule looks at
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
            (_trigger, _filter, _known) = (Trigger, Filter, true); // constants of the rule, read once
        }
    }

    /// <summary>Whether the rule looks at a line, by its trigger and filter (no call to the rule).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool Looks(in LineState s)
    {
        var trigger = _trigger;
        var filter = _filter;
        return !((trigger != ModifierEffect.None && (s.Effect & trigger) == 0)
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

/// <summary>What the lines of a claim have, as far as the rules so far know: a rule none of whose lines can be there is not run.</summary>
internal struct SeenOnClaim
{
    public ModifierEffect Effects;   // every line's modifier effects together
    public uint Indicators;          // a bit for every MULT PROC indicator of a line's row
    public Seen Flags;

    public bool Modifiers { readonly get => (Flags & Seen.Modifiers) != 0; set => Set(Seen.Modifiers, value); }

    public bool Anesthesia { readonly get => (Flags & Seen.Anesthesia) != 0; set => Set(Seen.Anesthesia, value); }

    public bool SeveralUnits { readonly get => (Flags & Seen.SeveralUnits) != 0; set => Set(Seen.SeveralUnits, value); }

    public bool OppsCap { readonly get => (Flags & Seen.OppsCap) != 0; set => Set(Seen.OppsCap, value); }

    public void Set(Seen flag, bool value) => Flags |= value ? flag : Seen.None;
}

/// <summary>What a claim has that some rule looks for.</summary>
[Flags]
internal enum Seen : ushort
{
    None = 0,
    Modifiers = 1 << 0,
    Anesthesia = 1 << 1,
    SeveralUnits = 1 << 2,
    OppsCap = 1 << 3,
    InjectionStatus = 1 << 4,
    Charges = 1 << 5,
    NonParticipating = 1 << 6,
    NonPhysician = 1 << 7,
    Sequestration = 1 << 8,
    Deductible = 1 << 9,
    HpsaBonus = 1 << 10,
}

/// <summary>
/// What a rule needs to have anything to do: any of these modifier effects, seen facts or MULT PROC indicators on the
/// claim (none of them: every claim). The engine skips a rule whose needs the claim does not meet, without calling it.
/// </summary>
internal readonly record struct RuleNeeds(ModifierEffect AnyEffect = ModifierEffect.None, Seen AnySeen = Seen.None, uint AnyIndicator = 0)
{
    private bool Gated { get; } = AnyEffect != ModifierEffect.None || AnySeen != Seen.None || AnyIndicator != 0; // false for default: always met

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool MetBy(in SeenOnClaim seen)
        => !Gated || (seen.Effects & AnyEffect) != 0 || (seen.Flags & AnySeen) != 0 || (seen.Indicators & AnyIndicator) != 0;

    public static uint Bit(MultipleProcedureIndicator indicator) => 1u << (int)indicator;
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

/// <summary>The lines of one date of service (or of the whole claim, for claim rules), as rules see them.</summary>
internal ref struct ClaimDay
{
    internal ClaimDay(ClaimPrice work, Span<int> lines, int context)
    {
        Work = work;
        Lines = lines;
        ContextIndex = context;
    }

    internal readonly ClaimPrice Work;

    /// <summary>The indexes of the day's lines in the claim.</summary>
    public readonly Span<int> Lines;

    internal readonly int ContextIndex;

    /// <summary>The claim.</summary>
    public readonly Claim Claim => Work.Claim;

    /// <summary>What the date and place decide (release, locality, conversion factor); a claim rule's first line's.</summary>
    public readonly ref readonly PricingContext Context => ref Work.Contexts[ContextIndex];

    /// <summary>A line of the day, by its index in the claim.</summary>
    public readonly LineView Line(int index) => new(Work, index);

    /// <summary>How many priced, non-anesthesia lines of the day have one of the multiple procedure indicators (a bit per indicator).</summary>
    public readonly int Count(uint indicators)
    {
        int count = 0;
        var states = Work.States;
        foreach (int i in Lines)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && !s.Anesthesia && ((1u << (int)s.Mult) & indicators) != 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The bit of an indicator, for <see cref="Count"/>.</summary>
    public static uint Bit(MultipleProcedureIndicator indicator) => 1u << (int)indicator;

    /// <summary>The steps written so far, in the order of the rules (claim rules read them to write the remittance).</summary>
    public readonly Span<Adjustment> Written => Work.Written.Items.AsSpan(0, Work.Written.Count);
}

/// <summary>
/// What a rule may see and do of one line: read its row, modifiers, amount and flags; change its amount only by
/// writing a step (<see cref="Adjust"/>), decide its outcome (<see cref="Decide"/>), lower its confidence.
/// </summary>
internal readonly ref struct LineView
{
    private readonly ClaimPrice _work;
    private readonly ref LineState _state;
    private readonly ref readonly ClaimLine _line;

    internal LineView(ClaimPrice work, int index)
    {
        _work = work;
        Index = index;
        _state = ref work.States[index];
        _line = ref work.ClaimLines.ItemRef(index);
    }

    private ref LineState S => ref _state;

    /// <summary>The line's index in the claim (0 for line 1).</summary>
    public int Index { get; }

    /// <summary>The line as billed.</summary>
    public ref readonly ClaimLine Line => ref _line;

    /// <summary>The claim.</summary>
    public Claim Claim => _work.Claim;

    /// <summary>What the line's date and place decide.</summary>
    public ref readonly PricingContext Context => ref _work.Contexts[S.Context];

    /// <summary>The line's RVU row (a default row when the release has none).</summary>
    public ref readonly RvuEntry Row => ref S.Row;

    /// <summary>Whether the release has a row for the line.</summary>
    public bool HasRow => S.Row.Hcpcs.IsSome;

    public PriceOutcome Outcome => S.Outcome;

    public ModifierEffect Effect => S.Effect;

    public PricingSetting Setting => S.Setting;

    /// <summary>The modifier that selects the row: 26, TC, 53 or none.</summary>
    public Modifier RowModifier => S.RowModifier;

    public MultipleProcedureIndicator Mult => S.Mult;

    public StatusCode Status => S.Status;

    /// <summary>One unit of the row, as published (rounded once).</summary>
    public decimal Fee => S.Fee;

    /// <summary>The exact running amount.</summary>
    public decimal Amount => S.Amount;

    /// <summary>Procedures the line counts for in ranking.</summary>
    public int RankUnits => S.Units;

    /// <summary>One unit after the line's own modifiers: what ranking compares.</summary>
    public decimal Unit => S.Unit;

    public bool Bilateral => S.Bilateral;

    public bool Anesthesia => S.Anesthesia;

    /// <summary>Priced and not anesthesia: a fee schedule service the claim rules look at.</summary>
    public bool IsService => S.Outcome == PriceOutcome.Priced && !S.Anesthesia;

    /// <summary>The charge the lesser-of rule compares with, cents; -1 when none was given.</summary>
    public long ComparedChargeCents => S.ComparedCharge;

    /// <summary>The key that orders equal procedures the same way whatever the line order: code and row modifier.</summary>
    public long TieKey => ((long)Line.Hcpcs.Packed << 16) | S.RowModifier.Packed;

    /// <summary>Changes the amount and writes the step.</summary>
    public void Adjust(ClaimRule rule, decimal after, decimal factor = 0m, decimal value = 0m, int arg = 0, int arg2 = 0)
    {
        ref var s = ref S;
        _work.Written.Add(Index, rule, after, factor, value, arg, arg2);
        s.Amount = after;
    }

    /// <summary>Writes a step that does not change the amount (the amount is shown as it is).</summary>
    public void Note(ClaimRule rule, decimal factor = 0m, decimal value = 0m, int arg = 0, int arg2 = 0)
        => _work.Written.Add(Index, rule, S.Amount, factor, value, arg, arg2);

    /// <summary>Decides the line's outcome: its amount goes to 0 (a step with the rule's remittance code) and the rule's reason explains it.</summary>
    public void Decide(ClaimRule rule, PriceOutcome outcome, RemittanceCode code, string? text = null, int arg = 0, int arg2 = 0)
    {
        ref var s = ref S;
        _work.Written.Add(Index, rule, 0m, 0m, 0m, arg, arg2, RemittanceCodes.IdOf(code), decision: true);
        s.Outcome = outcome;
        s.DecidedBy = (short)Math.Min(_work.Written.Count - 1, short.MaxValue);
        if (text is not null)
        {
            (_work.DecisionTexts ??= new string?[_work.States.Length])[Index] = text;
        }

        s.Amount = 0m;
        s.Units = 0;
        s.Confidence = outcome is PriceOutcome.Bundled or PriceOutcome.NotPayable ? PriceConfidence.High : PriceConfidence.Low;
        s.ConfidenceReason = outcome switch
        {
            PriceOutcome.Bundled => "bundled by a claim rule",
            PriceOutcome.NotPayable => "not payable by a claim rule",
            PriceOutcome.CarrierPriced => "by report",
            PriceOutcome.UnknownCode or PriceOutcome.UnknownLocation or PriceOutcome.NoRelease => "no fee schedule amount",
            _ => "invalid line",
        };
    }

    /// <summary>Lowers the line's confidence (never raises it), with the reason.</summary>
    public void Lower(PriceConfidence confidence, string reason)
    {
        ref var s = ref S;
        if (confidence > s.Confidence)
        {
            s.Confidence = confidence;
            s.ConfidenceReason = reason;
        }
    }

    /// <summary>Sets the confidence a priced line starts with.</summary>
    public void Assess(PriceConfidence confidence, string reason)
    {
        ref var s = ref S;
        s.Confidence = confidence;
        s.ConfidenceReason = reason;
    }

    /// <summary>Adds a warning flag.</summary>
    public void Warn(LineWarning warning) => S.Warnings |= warning;

    /// <summary>Sets the row found for the line.</summary>
    public void UseRow(RvuEntry[] rows, int index)
    {
        ref var seen = ref _work.Seen;
        seen.Indicators |= 1u << (int)rows[index].MultipleProcedure;
        seen.Set(Seen.InjectionStatus, rows[index].Status == StatusCode.Injection);
        ref var s = ref S;
        s.Rows = rows;
        s.RowIndex = index;
        s.Mult = rows[index].MultipleProcedure;
        s.Status = rows[index].Status;
    }

    /// <summary>Sets the fee of one unit (the first amount of the line); its step is written when read.</summary>
    public void PriceFee(decimal fee, bool hasCap)
    {
        ref var seen = ref _work.Seen;
        seen.OppsCap |= hasCap;
        seen.SeveralUnits |= Line.Units > 1;
        ref var s = ref S;
        s.Fee = fee;
        s.HasCap = hasCap;
        s.Amount = fee;
        s.Units = Line.Units;
        s.HasFee = true;
    }

    /// <summary>The fee is capped: the amount and the fee become the cap (its step is written when read).</summary>
    public void Cap(decimal capped)
    {
        ref var s = ref S;
        s.Fee = capped;
        s.Amount = capped;
    }

    /// <summary>Marks the line as an anesthesia line, priced by the anesthesia rules.</summary>
    public void MarkAnesthesia()
    {
        _work.Seen.Anesthesia = true;
        ref var s = ref S;
        s.Anesthesia = true;
        s.Units = 1;
    }

    /// <summary>Marks the line as priced for both sides: it ranks as one procedure.</summary>
    public void MarkBilateral(long comparedCharge)
    {
        ref var s = ref S;
        s.Units = 1;
        s.Bilateral = true;
        s.ComparedCharge = comparedCharge;
    }

    /// <summary>Marks the line as the sixth or later procedure of the day.</summary>
    public void MarkByReport() => S.ByReport = true;

    public bool ByReport => S.ByReport;

    /// <summary>The line's fee before any step (its first amount), 0 when it has none.</summary>
    public decimal FirstAmount => S.HasFee ? S.Fee : 0m;

    /// <summary>The line's own billed charge in cents, -1 when none is given.</summary>
    public long BilledChargeCents => ClaimEngine.BilledCents(Line);

    /// <summary>The amount is the allowed amount from here on (whole cents).</summary>
    public void SetAllowed(long cents, bool chargeApplied)
    {
        ref var s = ref S;
        s.Allowed = cents;
        s.ChargeApplied = chargeApplied;
    }

    public long Allowed => S.Allowed;

    public void SetLimitingCharge(long cents) => S.LimitingCharge = cents;

    public long Deductible => S.Deductible;

    public long Payment => S.Payment;

    /// <summary>Sets the beneficiary's deductible, cents.</summary>
    public void SetDeductible(long cents) => S.Deductible = cents;

    /// <summary>Sets the coinsurance, cents.</summary>
    public void SetCoinsurance(long cents) => S.Coinsurance = cents;

    /// <summary>Takes the sequestration off the Medicare payment, cents.</summary>
    public void SetSequestration(long cents) => S.Sequestration = cents;

    /// <summary>Sets the HPSA bonus, cents.</summary>
    public void SetHpsaBonus(long cents) => S.HpsaBonus = cents;
}

/// <summary>Warnings a rule raises on a line, written as sentences when read.</summary>
[Flags]
internal enum LineWarning : ushort
{
    None = 0,
    EndoscopyBelowBase = 1 << 0,
    PostoperativeDaysNotGiven = 1 << 1,
}

/// <summary>The claim adjustment group, reason and remark codes the rules write (X12 external code lists 139 and 411).</summary>
internal static class RemittanceCodes
{
    private const AdjustmentGroup CO = AdjustmentGroup.ContractualObligation, PR = AdjustmentGroup.PatientResponsibility, OA = AdjustmentGroup.OtherAdjustment;

    private static RemittanceCode[]? _table;

    /// <summary>Every code below, indexed by a byte (adjustments keep the byte); 0 is no code.</summary>
    private static RemittanceCode[] Table => _table ??=
    [
        default, ChargeExceedsFeeSchedule, MultipleProcedureRules, BundledComponent, BundledSameDay, Bundled, NonCovered, InvalidOnDate,
        ReportingOnly, SurgeonsNotCovered, ModifierInconsistent, InvalidUnits, MissingCode, BillingError, PendingReview, Deductible,
        Coinsurance, Sequestration,
    ];

    /// <summary>The code of an id.</summary>
    public static RemittanceCode Of(byte id) => Table[id];

    /// <summary>The id of CO-45.</summary>
    public const byte FeeScheduleId = 1;

    /// <summary>The id of a code (one of the codes below).</summary>
    public static byte IdOf(RemittanceCode code)
    {
        var table = Table;
        for (int i = 0; i < table.Length; i++)
        {
            if (table[i].Equals(code))
            {
                return (byte)i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(code), code, "Not one of the remittance codes the rules write.");
    }

    /// <summary>CO-45: charge exceeds the fee schedule or the legislated fee arrangement.</summary>
    public static readonly RemittanceCode ChargeExceedsFeeSchedule = new(CO, "45");

    /// <summary>CO-59: processed based on multiple or concurrent procedure rules.</summary>
    public static readonly RemittanceCode MultipleProcedureRules = new(CO, "59");

    /// <summary>CO-97 with M15: the benefit is included in the payment for another service; separately billed components bundled.</summary>
    public static readonly RemittanceCode BundledComponent = new(CO, "97", "M15");

    /// <summary>CO-97 with M80: not covered when performed the same date as another service.</summary>
    public static readonly RemittanceCode BundledSameDay = new(CO, "97", "M80");

    /// <summary>CO-97: included in the payment for another service (status B and P).</summary>
    public static readonly RemittanceCode Bundled = new(CO, "97");

    /// <summary>CO-96: non-covered charge (status N, E, X).</summary>
    public static readonly RemittanceCode NonCovered = new(CO, "96");

    /// <summary>CO-181: procedure code invalid on the date of service (status I, D, F, G, H; a code not in the release).</summary>
    public static readonly RemittanceCode InvalidOnDate = new(CO, "181");

    /// <summary>CO-246: a non-payable code for required reporting only (status M).</summary>
    public static readonly RemittanceCode ReportingOnly = new(CO, "246");

    /// <summary>CO-54: multiple physicians or assistants are not covered in this case.</summary>
    public static readonly RemittanceCode SurgeonsNotCovered = new(CO, "54");

    /// <summary>CO-4: the procedure code is inconsistent with the modifier used.</summary>
    public static readonly RemittanceCode ModifierInconsistent = new(CO, "4");

    /// <summary>CO-16 with M53: missing or invalid days or units of service.</summary>
    public static readonly RemittanceCode InvalidUnits = new(CO, "16", "M53");

    /// <summary>CO-16 with M51: missing or invalid procedure code.</summary>
    public static readonly RemittanceCode MissingCode = new(CO, "16", "M51");

    /// <summary>CO-16: the claim lacks information or has a billing error.</summary>
    public static readonly RemittanceCode BillingError = new(CO, "16");

    /// <summary>OA-133: the disposition of the line is pending further review (carrier priced, by report, no release).</summary>
    public static readonly RemittanceCode PendingReview = new(OA, "133");

    /// <summary>PR-1: deductible.</summary>
    public static readonly RemittanceCode Deductible = new(PR, "1");

    /// <summary>PR-2: coinsurance.</summary>
    public static readonly RemittanceCode Coinsurance = new(PR, "2");

    /// <summary>CO-253: sequestration, reduction in federal payment.</summary>
    public static readonly RemittanceCode Sequestration = new(CO, "253");
}

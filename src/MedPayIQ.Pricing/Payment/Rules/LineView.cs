namespace MedPayIQ.Pricing;

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
        _line = ref work.ClaimLines[index];
    }

    private ref LineState S => ref _state;

    /// <summary>The line's index in the claim (0 for line 1).</summary>
    public int Index { get; }

    /// <summary>The line as billed.</summary>
    public ref readonly ClaimLine Line => ref _line;

    /// <summary>The claim's fields (its lines are the work's).</summary>
    public Claim Claim => _work.Header;

    /// <summary>What the line's date and place decide.</summary>
    public ref readonly PricingContext Context => ref _work.Contexts[S.Context];

    /// <summary>The line's RVU row (a default row when the release has none).</summary>
    public ref readonly RvuEntry Row => ref S.Row;

    /// <summary>
    /// Another row of the line's code (its 26 or TC row): the rows of a code sit together in the release's table, so it
    /// is found beside the line's own row, without a lookup. <c>-1</c> when the release has none.
    /// </summary>
    public int SiblingRow(Modifier modifier)
    {
        ref readonly var s = ref S;
        var rows = s.Rows;
        var code = rows[s.RowIndex].Hcpcs;
        for (int i = s.RowIndex + 1; i < rows.Length && rows[i].Hcpcs == code; i++)
        {
            if (rows[i].Modifier == modifier)
            {
                return i;
            }
        }

        for (int i = s.RowIndex - 1; i >= 0 && rows[i].Hcpcs == code; i--)
        {
            if (rows[i].Modifier == modifier)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A row of the line's release by its index (<see cref="SiblingRow"/>).</summary>
    public ref readonly RvuEntry RowAt(int index) => ref S.Rows[index];

    /// <summary>Whether the release has a row for the line.</summary>
    public bool HasRow => S.Row.Hcpcs.IsSome;

    public PriceOutcome Outcome => S.Outcome;

    public ModifierEffect Effect => S.Effect;

    public PricingSetting Setting => S.Setting;

    /// <summary>The modifier that selects the row: 26, TC, 53 or none.</summary>
    public Modifier RowModifier => S.RowModifier;

    /// <summary>Whether a CLFS, DMEPOS, PEN or ASP file of the line's date lists its code (asked once, when the claim is read).</summary>
    public bool OnOtherSchedule => S.OtherSchedule;

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

    /// <summary>Priced, not anesthesia, and on the physician fee schedule: a fee schedule service the claim rules look at.</summary>
    public bool IsService => S.Outcome == PriceOutcome.Priced && !S.Anesthesia && S.Schedule == PaymentSchedule.PhysicianFeeSchedule;

    /// <summary>The schedule that prices the line.</summary>
    public PaymentSchedule Schedule => S.Schedule;


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

    /// <summary>Decides the line's outcome: its amount goes to 0 (a step with the rule's remittance code) and the rule's reason explains it.</summary>
    public void Decide(ClaimRule rule, PriceOutcome outcome, RemittanceCode code, string? text = null, int arg = 0, int arg2 = 0)
    {
        ref var s = ref S;
        _work.Written.Add(Index, rule, 0m, 0m, 0m, arg, arg2, RemittanceCodes.IdOf(code), decision: true);
        s.Outcome = outcome;
        s.DecidedBy = (short)Math.Min(_work.Written.Count - 1, short.MaxValue);
        if (text is not null)
        {
            (_work.DecisionTexts ??= new string?[_work.LineCount])[Index] = text;
        }

        s.Amount = 0m;
        s.Units = 0;
        s.Confidence = outcome is PriceOutcome.Bundled or PriceOutcome.NotPayable ? PriceConfidence.High : PriceConfidence.Low;
        s.ConfidenceReason = outcome switch
        {
            PriceOutcome.Bundled => "bundled by a claim rule",
            PriceOutcome.NotPayable => "not payable by a claim rule",
            PriceOutcome.CarrierPriced => "by report",
            PriceOutcome.UnknownCode or PriceOutcome.UnknownLocation or PriceOutcome.NoRelease => ServicePrice.NoAmount,
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
        seen.Set(Seen.Statuses, StatusRule.Acts(rows[index].Status));
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

    /// <summary>
    /// Prices the line from another Part B schedule (CLFS, DMEPOS, ASP): its fee for one unit. The physician fee
    /// schedule's rules leave the line alone from here on.
    /// </summary>
    public void PriceFromSchedule(PaymentSchedule schedule, decimal fee)
    {
        ref var seen = ref _work.Seen;
        seen.SeveralUnits |= Line.Units > 1;
        ref var s = ref S;
        s.Schedule = schedule;
        s.Fee = fee;
        s.Amount = fee;
        s.Units = Line.Units;
    }

    /// <summary>Marks a line another schedule answers without pricing it (contractor priced, no row for its modifiers).</summary>
    public void RouteTo(PaymentSchedule schedule) => S.Schedule = schedule;

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

    /// <summary>The line's fee before any step (its first amount), 0 when it has none.</summary>
    public decimal FirstAmount => S.StartAmount;

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

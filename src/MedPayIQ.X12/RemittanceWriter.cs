using System.Globalization;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>How an expected 835 is written: who sends it to whom, its delimiters, its control numbers and clock.</summary>
public sealed record RemittanceOptions
{
    /// <summary>The interchange sender id (ISA06, GS02), up to 15 characters.</summary>
    public string SenderId { get; init; } = "MEDPAYIQ";

    /// <summary>The interchange receiver id (ISA08, GS03), up to 15 characters.</summary>
    public string ReceiverId { get; init; } = "PROVIDER";

    /// <summary>The payer's name (1000A N102): it says the remittance is expected, not Medicare's own.</summary>
    public string PayerName { get; init; } = "EXPECTED MEDICARE PART B REMITTANCE (MEDPAYIQ)";

    /// <summary>The payer identifier in TRN03 (1 and nine characters).</summary>
    public string PayerIdentifier { get; init; } = "1MEDPAYIQ0";

    /// <summary>The interchange control number (ISA13, IEA02), 1 to 999999999.</summary>
    public int InterchangeControlNumber { get; init; } = 1;

    /// <summary>ISA15: T (test, the default: an expected remittance is no payment) or P.</summary>
    public char Usage { get; init; } = 'T';

    /// <summary>The element separator (default <c>*</c>).</summary>
    public char ElementSeparator { get; init; } = '*';

    /// <summary>The component separator (default <c>:</c>).</summary>
    public char ComponentSeparator { get; init; } = ':';

    /// <summary>The repetition separator (default <c>^</c>).</summary>
    public char RepetitionSeparator { get; init; } = '^';

    /// <summary>The segment terminator (default <c>~</c>).</summary>
    public char SegmentTerminator { get; init; } = '~';

    /// <summary>Whether a line break follows each segment terminator (default true).</summary>
    public bool LineBreaks { get; init; } = true;

    /// <summary>The clock of the dates and times written (ISA09, GS04, BPR16, DTM*405).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Writes expected remittance advice as X12 835 (005010X221A1): one interchange and functional group, one transaction
/// set per call of <see cref="WriteTransaction"/> (a payee and its claims). Each transaction is built in memory and
/// written whole (BPR carries its total before its claims); the interchange streams. The remittance balances: each
/// SVC's charge less its CAS amounts is its payment, each CLP's charge less its lines' CAS amounts is its payment,
/// and BPR02 is the sum of the CLP payments. TRN02 starts with EXPECTED: it is the payment Medicare's rules and the
/// edits say, not a payment made.
/// </summary>
public sealed class RemittanceWriter
{
    private readonly TextWriter _output;
    private readonly RemittanceOptions _options;
    private readonly StringBuilder _transaction = new();
    private readonly DateTimeOffset _now;
    private int _segments;
    private int _sets;
    private bool _started, _completed;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where the interchange is written.</param>
    /// <param name="options">Ids, delimiters, control number, clock.</param>
    public RemittanceWriter(TextWriter output, RemittanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _options = options ?? new RemittanceOptions();
        if (_options.InterchangeControlNumber is < 1 or > 999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.InterchangeControlNumber, "An interchange control number is 1 to 999999999.");
        }

        _now = _options.Time.GetUtcNow();
    }

    /// <summary>The transaction sets written.</summary>
    public int Transactions => _sets;

    /// <summary>The sum of the payments written (the BPR02 of every transaction).</summary>
    public decimal TotalPayment { get; private set; }

    /// <summary>Writes one transaction set: the payee (N1*PE) and its claims, each CLP with its lines' SVC, DTM, CAS, REF, AMT and LQ.</summary>
    /// <param name="payee">The payee: the billing provider (name, NPI, address, tax id).</param>
    /// <param name="claims">The claims of the payee.</param>
    public void WriteTransaction(X12Party payee, IEnumerable<ExpectedClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(payee);
        ArgumentNullException.ThrowIfNull(claims);
        if (_completed)
        {
            throw new InvalidOperationException("The interchange is complete.");
        }

        StartInterchange();
        _sets++;
        string control = _sets.ToString("D4", CultureInfo.InvariantCulture);
        var body = new StringBuilder();
        int bodySegments = 0;
        decimal total = 0m;
        int header = 0;
        foreach (var claim in claims)
        {
            if (header == 0)
            {
                header = 1;
                Segment(body, ref bodySegments, "LX", "1");
            }

            total += claim.Payment;
            WriteClaim(body, ref bodySegments, claim);
        }

        _transaction.Clear();
        _segments = 0;
        string date = Date(_now);
        Add("ST", "835", control);
        Add("BPR", "I", Amount(total), "C", "NON", "", "", "", "", "", "", "", "", "", "", "", date);
        Add("TRN", "1", $"EXPECTED-{_options.InterchangeControlNumber}-{control}", _options.PayerIdentifier);
        Add("DTM", "405", date);
        Add("N1", "PR", _options.PayerName);
        if (payee.Id.Length > 0)
        {
            Add("N1", "PE", payee.Name.Length > 0 ? payee.Name : "PAYEE", payee.IdQualifier.Length > 0 ? payee.IdQualifier : "XX", payee.Id);
        }
        else
        {
            Add("N1", "PE", payee.Name.Length > 0 ? payee.Name : "PAYEE");
        }

        if (payee.Address.Length > 0)
        {
            Add("N3", payee.Address);
        }

        if (payee.City.Length > 0)
        {
            Add("N4", payee.City, payee.State, payee.Zip);
        }

        if (payee.TaxId.Length > 0)
        {
            Add("REF", "TJ", payee.TaxId);
        }

        _transaction.Append(body);
        _segments += bodySegments;
        Add("SE", (_segments + 1).ToString(CultureInfo.InvariantCulture), control);
        _output.Write(_transaction);
        TotalPayment += total;
    }

    /// <summary>Ends the interchange: GE and IEA (an interchange with no transaction gets its headers too).</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        StartInterchange();
        _transaction.Clear();
        Add("GE", _sets.ToString(CultureInfo.InvariantCulture), "1");
        Add("IEA", "1", _options.InterchangeControlNumber.ToString("D9", CultureInfo.InvariantCulture));
        _output.Write(_transaction);
        _output.Flush();
        _completed = true;
    }

    private void StartInterchange()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        char e = _options.ElementSeparator;
        var isa = new StringBuilder();
        isa.Append("ISA").Append(e).Append("00").Append(e).Append(' ', 10).Append(e).Append("00").Append(e).Append(' ', 10).Append(e)
            .Append("ZZ").Append(e).Append(Fixed(_options.SenderId, 15)).Append(e).Append("ZZ").Append(e).Append(Fixed(_options.ReceiverId, 15)).Append(e)
            .Append(_now.ToString("yyMMdd", CultureInfo.InvariantCulture)).Append(e).Append(_now.ToString("HHmm", CultureInfo.InvariantCulture)).Append(e)
            .Append(_options.RepetitionSeparator).Append(e).Append("00501").Append(e)
            .Append(_options.InterchangeControlNumber.ToString("D9", CultureInfo.InvariantCulture)).Append(e).Append('0').Append(e).Append(_options.Usage).Append(e)
            .Append(_options.ComponentSeparator).Append(_options.SegmentTerminator);
        if (_options.LineBreaks)
        {
            isa.Append('\n');
        }

        _output.Write(isa);
        _transaction.Clear();
        Add("GS", "HP", Trimmed(_options.SenderId), Trimmed(_options.ReceiverId), Date(_now), _now.ToString("HHmm", CultureInfo.InvariantCulture), "1", "X", "005010X221A1");
        _output.Write(_transaction);
    }

    private void WriteClaim(StringBuilder body, ref int count, ExpectedClaim claim)
    {
        var source = claim.Source;
        string pos = (source?.PlaceOfService ?? claim.Claim.PlaceOfService)?.ToString() ?? "";
        Segment(body, ref count, "CLP", claim.ClaimId, ((int)claim.Status).ToString(CultureInfo.InvariantCulture), Amount(claim.Charge), Amount(claim.Payment),
            Amount(claim.PatientResponsibility), "MB", claim.ClaimId, pos, "", source?.FrequencyCode ?? "1");
        if (source?.Patient is { Name.Length: > 0 } patient)
        {
            string memberId = source.Subscriber.Id.Length > 0 ? source.Subscriber.Id : patient.Id;
            Segment(body, ref count, "NM1", "QC", "1", patient.Name, patient.FirstName, "", "", "", memberId.Length > 0 ? "MI" : "", memberId);
        }

        foreach (var line in claim.Lines)
        {
            var service = source is not null && line.LineNumber <= source.ServiceLines.Length ? source.ServiceLines[line.LineNumber - 1] : null;
            var l = line.Line;
            var code = new StringBuilder("HC").Append(_options.ComponentSeparator).Append(l.Hcpcs.ToString());
            foreach (var m in l.Modifiers)
            {
                code.Append(_options.ComponentSeparator).Append(m.ToString());
            }

            int quantity = service?.Quantity ?? (l.AnesthesiaMinutes > 0 ? l.AnesthesiaMinutes : l.Units);
            Segment(body, ref count, "SVC", code.ToString(), Amount(line.Charge), Amount(line.Payment), "", quantity.ToString(CultureInfo.InvariantCulture));
            var through = service?.ThroughDate ?? l.DateOfService;
            if (through == l.DateOfService)
            {
                Segment(body, ref count, "DTM", "472", Date(l.DateOfService));
            }
            else
            {
                Segment(body, ref count, "DTM", "150", Date(l.DateOfService));
                Segment(body, ref count, "DTM", "151", Date(through));
            }

            WriteCas(body, ref count, line);
            if (service is { ControlNumber.Length: > 0 })
            {
                Segment(body, ref count, "REF", "6R", service.ControlNumber);
            }

            Segment(body, ref count, "AMT", "B6", Amount(line.Allowed));
            var remarks = new List<string>();
            foreach (var a in line.Adjustments)
            {
                if (a.Remark is { } remark && !remarks.Contains(remark))
                {
                    remarks.Add(remark);
                    Segment(body, ref count, "LQ", "HE", remark);
                }
            }
        }
    }

    /// <summary>One CAS per group, in the order each group first appears, up to six reason and amount pairs a segment.</summary>
    private void WriteCas(StringBuilder body, ref int count, ExpectedLine line)
    {
        var groups = new List<string>(3);
        foreach (var a in line.Adjustments)
        {
            if (!groups.Contains(a.Group))
            {
                groups.Add(a.Group);
            }
        }

        foreach (string group in groups)
        {
            var elements = new List<string> { group };
            foreach (var a in line.Adjustments)
            {
                if (a.Group != group)
                {
                    continue;
                }

                if (elements.Count == 1 + (6 * 3))
                {
                    Segment(body, ref count, "CAS", [.. elements]);
                    elements = [group];
                }

                if (elements.Count > 1)
                {
                    elements.Add(""); // the quantity of the pair before
                }

                elements.Add(a.Reason);
                elements.Add(Amount(a.Amount));
            }

            Segment(body, ref count, "CAS", [.. elements]);
        }
    }

    private void Add(string id, params ReadOnlySpan<string> elements) => Segment(_transaction, ref _segments, id, elements);

    private void Segment(StringBuilder to, ref int count, string id, params ReadOnlySpan<string> elements)
    {
        to.Append(id);
        int last = elements.Length;
        while (last > 0 && elements[last - 1].Length == 0)
        {
            last--;
        }

        for (int i = 0; i < last; i++)
        {
            to.Append(_options.ElementSeparator).Append(elements[i]);
        }

        to.Append(_options.SegmentTerminator);
        if (_options.LineBreaks)
        {
            to.Append('\n');
        }

        count++;
    }

    /// <summary>An X12 decimal (R): no trailing zeros, a minus sign when negative: 125.5, 0, -3.25.</summary>
    internal static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset time) => time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Fixed(string value, int width) => value.Length >= width ? value[..width] : value.PadRight(width);

    private static string Trimmed(string value) => value.Trim();
}

using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>
/// A claim's 835 segments (CLP, the patient's NM1, and each line's SVC, DTM, CAS, REF*6R, AMT*B6 and LQ), written ahead
/// of its transaction set by <see cref="RemittanceWriter.Format"/>. Claims can so be formatted on several threads and
/// added, in order, to one <see cref="RemittanceWriter"/> (<see cref="RemittanceWriter.Add(FormattedRemittanceClaim)"/>),
/// whose control numbers, counts and totals are serial: what waits to be written is the claim's text, not the claim.
/// </summary>
public sealed class FormattedRemittanceClaim
{
    internal FormattedRemittanceClaim(string claimId, decimal payment, int segmentCount, string text, string delimiters)
    {
        ClaimId = claimId;
        Payment = payment;
        SegmentCount = segmentCount;
        Text = text;
        Delimiters = delimiters;
    }

    /// <summary>The claim's id (CLP01).</summary>
    public string ClaimId { get; }

    /// <summary>The claim's payment (CLP04), added to its transaction's BPR02.</summary>
    public decimal Payment { get; }

    /// <summary>The segments written (counted in the transaction's SE01).</summary>
    public int SegmentCount { get; }

    /// <summary>The segments, with the delimiters they were formatted with.</summary>
    internal string Text { get; }

    /// <summary>The element, component and segment delimiters and line breaks the text was written with.</summary>
    internal string Delimiters { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"claim {ClaimId}: {SegmentCount} segments, payment {Payment}");
}

/// <summary>The segments of one claim of an 835, written by <see cref="RemittanceWriter"/> and by <see cref="RemittanceWriter.Format"/>.</summary>
internal sealed class RemittanceClaimFormat(RemittanceSegments to)
{
    private readonly List<string> _groups = new(3), _remarks = new(2);

    /// <summary>The delimiters the claims are written with (<see cref="DelimitersOf"/> of the options).</summary>
    public string Delimiters { get; } = DelimitersOf(to.Options);

    [ThreadStatic]
    private static RemittanceClaimFormat? t_format;

    public RemittanceSegments To { get; } = to;

    /// <summary>The delimiters of a set of options, as one comparable string.</summary>
    private static string DelimitersOf(RemittanceOptions options)
        => string.Create(CultureInfo.InvariantCulture, $"{options.ElementSeparator}{options.ComponentSeparator}{options.SegmentTerminator}{(options.LineBreaks ? '\n' : ' ')}");

    /// <summary>A claim formatted on its own (a scratch formatter per thread, reused).</summary>
    public static FormattedRemittanceClaim Format(ExpectedClaim claim, RemittanceOptions options)
    {
        var format = t_format;
        if (format is null || !ReferenceEquals(format.To.Options, options))
        {
            t_format = format = new RemittanceClaimFormat(new RemittanceSegments(options));
        }

        format.To.Clear();
        format.Write(claim);
        return new FormattedRemittanceClaim(claim.ClaimId, claim.Payment, format.To.Count, format.To.Text.ToString(), format.Delimiters);
    }

    public void Write(ExpectedClaim claim)
    {
        var b = To;
        var source = claim.Source;
        b.Start("CLP");
        b.Element(claim.ClaimId);
        b.Element(claim.Status == ExpectedClaimStatus.Denied ? "4" : "1");
        b.Element(claim.Charge);
        b.Element(claim.Payment);
        b.Element(claim.PatientResponsibility);
        b.Element("MB");
        b.Element(claim.ClaimId);
        if ((source?.PlaceOfService ?? claim.Claim.PlaceOfService) is { } pos)
        {
            b.Separators();
            b.Text.Append(CultureInfo.InvariantCulture, $"{pos.Code:D2}");
        }
        else
        {
            b.Element("");
        }

        b.Element("");
        b.Element(source?.FrequencyCode ?? "1");
        b.End();
        if (source?.Patient is { Name.Length: > 0 } patient)
        {
            string memberId = source.Subscriber.Id.Length > 0 ? source.Subscriber.Id : patient.Id;
            b.Segment("NM1", "QC", "1", patient.Name, patient.FirstName, "", "", "", memberId.Length > 0 ? "MI" : "", memberId);
        }

        foreach (var line in claim.Lines)
        {
            WriteLine(line, source is not null && line.LineNumber <= source.ServiceLines.Length ? source.ServiceLines[line.LineNumber - 1] : null);
        }
    }

    private void WriteLine(ExpectedLine line, ProfessionalServiceLine? service)
    {
        var b = To;
        var l = line.Line;
        char c = b.Options.ComponentSeparator;
        b.Start("SVC");
        b.Text.Append(b.Options.ElementSeparator).Append("HC").Append(c).Append(CultureInfo.InvariantCulture, $"{l.Hcpcs}");
        foreach (var m in l.Modifiers)
        {
            b.Text.Append(c).Append(CultureInfo.InvariantCulture, $"{m}");
        }

        b.Element(line.Charge);
        b.Element(line.Payment);
        b.Element("");
        b.Element(service?.Quantity ?? (l.AnesthesiaMinutes > 0 ? l.AnesthesiaMinutes : l.Units));
        b.End();
        var through = service?.ThroughDate ?? l.DateOfService;
        if (through == l.DateOfService)
        {
            Dtm("472", l.DateOfService);
        }
        else
        {
            Dtm("150", l.DateOfService);
            Dtm("151", through);
        }

        WriteCas(line);
        if (service is { ControlNumber.Length: > 0 })
        {
            b.Segment("REF", "6R", service.ControlNumber);
        }

        b.Start("AMT");
        b.Element("B6");
        b.Element(line.Allowed);
        b.End();
        _remarks.Clear();
        foreach (var a in line.Adjustments)
        {
            if (a.Remark is { } remark && !_remarks.Contains(remark))
            {
                _remarks.Add(remark);
                b.Segment("LQ", "HE", remark);
            }
        }
    }

    private void Dtm(string qualifier, DateOnly date)
    {
        To.Start("DTM");
        To.Element(qualifier);
        To.Element(date);
        To.End();
    }

    /// <summary>One CAS per group, in the order each group first appears, up to six reason and amount pairs a segment.</summary>
    private void WriteCas(ExpectedLine line)
    {
        var b = To;
        _groups.Clear();
        foreach (var a in line.Adjustments)
        {
            if (!_groups.Contains(a.Group))
            {
                _groups.Add(a.Group);
            }
        }

        foreach (string group in _groups)
        {
            int pairs = 0;
            foreach (var a in line.Adjustments)
            {
                if (a.Group != group)
                {
                    continue;
                }

                if (pairs == 6)
                {
                    b.End();
                    pairs = 0;
                }

                if (pairs == 0)
                {
                    b.Start("CAS");
                    b.Element(group);
                }
                else
                {
                    b.Element(""); // the quantity of the pair before
                }

                b.Element(a.Reason);
                b.Element(a.Amount);
                pairs++;
            }

            b.End();
        }
    }
}

using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>The claim loop (2100), its service lines (2110) and the provider adjustments (PLB) of an 835, with the balancing checks.</summary>
public sealed partial class RemittanceReader
{
    private static readonly string[] Groups = ["CO", "PR", "OA", "PI", "CR"];

    private void Clp(in Segment s)
    {
        FinishClaim();
        var id = s[1];
        if (id.IsEmpty || id.Length > 38)
        {
            Fail("CLP", "CLP01", id, "the claim's identifier (the 837P's CLM01), 1 to 38 characters");
            return;
        }

        if (!EnvelopeReader.Number(s[2], out int status) || !Enum.IsDefined((RemittanceClaimStatus)status))
        {
            Fail("CLP", "CLP02", s[2], "a claim status: 1, 2, 3 (processed), 4 (denied), 19, 20, 21, 23, 25, or 22 (reversal)");
            return;
        }

        if (!Amount(s[3], out decimal charge))
        {
            Fail("CLP", "CLP03", s[3], "the total claim charge, a dollar amount such as 125.5");
            return;
        }

        if (!Amount(s[4], out decimal payment))
        {
            Fail("CLP", "CLP04", s[4], "the claim payment, a dollar amount such as 125.5");
            return;
        }

        decimal patient = 0m;
        if (!s[5].IsEmpty && !Amount(s[5], out patient))
        {
            Fail("CLP", "CLP05", s[5], "the patient responsibility, a dollar amount such as 125.5");
            return;
        }

        PlaceOfService? pos = null;
        if (!s[8].IsEmpty)
        {
            if (!ProfessionalClaimReader.Pos(s[8], out var p))
            {
                Fail("CLP", "CLP08", s[8], "a place of service of two digits, 01 to 99");
                return;
            }

            pos = p;
        }

        _claim = new ClaimBuilder
        {
            At = _envelopes.Position,
            Claim = new RemittanceClaim
            {
                ClaimId = id.ToString(),
                Status = (RemittanceClaimStatus)status,
                Charge = charge,
                Payment = payment,
                PatientResponsibility = patient,
                FilingIndicator = s[6].ToString(),
                PayerClaimControlNumber = s[7].ToString(),
                PlaceOfService = pos,
                FrequencyCode = s[9].ToString(),
                Segment = _envelopes.Position.File,
            },
        };
    }

    private void Svc(in Segment s)
    {
        if (_claim is null)
        {
            Fail("SVC", "", s.Text, "CLP before SVC (a service line belongs to a claim)");
            return;
        }

        FinishLine();
        var service = s[1];
        if (!X12Procedure.TryParse(service, _envelopes.Delimiters.Component, "SVC01", out var code, out var modifiers, out var problem))
        {
            Fail("SVC", problem.Element, problem.Found, problem.Expected);
            return;
        }

        if (!Amount(s[2], out decimal charge))
        {
            Fail("SVC", "SVC02", s[2], "the line charge, a dollar amount such as 125.5");
            return;
        }

        if (!Amount(s[3], out decimal payment))
        {
            Fail("SVC", "SVC03", s[3], "the line payment, a dollar amount such as 125.5");
            return;
        }

        decimal units = 1m;
        if (!s[5].IsEmpty && (!decimal.TryParse(s[5], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out units) || Math.Abs(units) > 99_999m))
        {
            Fail("SVC", "SVC05", s[5], "the units paid, a number up to 99999");
            return;
        }

        _line = new LineBuilder
        {
            At = _envelopes.Position,
            Line = new RemittanceLine
            {
                Number = _claim.Lines.Count + 1,
                Hcpcs = code,
                Modifiers = modifiers,
                Charge = charge,
                Payment = payment,
                Units = units,
                Segment = _envelopes.Position.File,
            },
        };
    }

    private void Cas(in Segment s)
    {
        var adjustments = _line?.Adjustments ?? _claim?.Adjustments;
        if (adjustments is null)
        {
            Fail("CAS", "", s.Text, "CLP or SVC before CAS (an adjustment belongs to a claim or a line)");
            return;
        }

        var group = s[1];
        string? groupCode = null;
        foreach (string g in Groups)
        {
            if (group.SequenceEqual(g))
            {
                groupCode = g;
            }
        }

        if (groupCode is null)
        {
            Fail("CAS", "CAS01", group, "a group code: CO, PR, OA, PI or CR");
            return;
        }

        for (int pair = 0; pair < 6; pair++)
        {
            int at = 2 + (pair * 3);
            var reason = s[at];
            if (reason.IsEmpty)
            {
                if (pair == 0)
                {
                    Fail("CAS", "CAS02", reason, "a claim adjustment reason code (CARC), such as 45");
                    return;
                }

                break;
            }

            if (reason.Length > 5)
            {
                Fail("CAS", Element("CAS", at), reason, "a claim adjustment reason code (CARC) of 1 to 5 characters, such as 45");
                return;
            }

            if (!Amount(s[at + 1], out decimal amount))
            {
                Fail("CAS", Element("CAS", at + 1), s[at + 1], "the adjustment amount, a dollar amount such as 125.5");
                return;
            }

            adjustments.Add(new CasAdjustment(groupCode, reason.ToString(), amount, null));
        }
    }

    private void Dtm(in Segment s)
    {
        var qualifier = s[1];
        if (!Date(s[2], out var date))
        {
            Fail("DTM", "DTM02", s[2], "a date written CCYYMMDD (DTM*" + qualifier.ToString() + ")");
            return;
        }

        if (_line is not null)
        {
            _line.Line = qualifier switch
            {
                "472" => _line.Line with { DateOfService = date, ThroughDate = date },
                "150" => _line.Line with { DateOfService = date, ThroughDate = _line.Line.ThroughDate ?? date },
                "151" => _line.Line with { ThroughDate = date },
                _ => _line.Line,
            };
        }
        else if (_claim is not null)
        {
            _claim.Claim = qualifier switch
            {
                "232" => _claim.Claim with { StatementFrom = date },
                "233" => _claim.Claim with { StatementThrough = date },
                "050" => _claim.Claim with { Received = date },
                _ => _claim.Claim,
            };
        }
        else if (qualifier.SequenceEqual("405"))
        {
            _header = _header! with { ProductionDate = date };
        }
    }

    private void Plb(in Segment s)
    {
        FinishClaim();
        var provider = s[1];
        if (provider.IsEmpty)
        {
            Fail("PLB", "PLB01", provider, "the provider identifier (NPI or tax id)");
            return;
        }

        if (!Date(s[2], out var periodEnd))
        {
            Fail("PLB", "PLB02", s[2], "the last day of the provider's fiscal period, written CCYYMMDD");
            return;
        }

        for (int pair = 0; pair < 6; pair++)
        {
            int at = 3 + (pair * 2);
            var composite = s[at];
            if (composite.IsEmpty)
            {
                if (pair == 0)
                {
                    Fail("PLB", "PLB03", composite, "an adjustment reason (WO, L6, FB, 72...), then the component separator and a reference");
                    return;
                }

                break;
            }

            int c = composite.IndexOf(_envelopes.Delimiters.Component);
            var reason = c < 0 ? composite : composite[..c];
            if (reason.Length != 2)
            {
                Fail("PLB", Element("PLB", at) + "-1", reason, "a provider adjustment reason code of two characters (WO, L6, FB, 72...)");
                return;
            }

            if (!Amount(s[at + 1], out decimal amount))
            {
                Fail("PLB", Element("PLB", at + 1), s[at + 1], "the provider adjustment amount, a dollar amount such as 125.5 (negative adds to the payment)");
                return;
            }

            _plb.Add(new ProviderAdjustment(provider.ToString(), periodEnd, reason.ToString(), c < 0 ? "" : composite[(c + 1)..].ToString(), amount));
        }
    }

    private void FinishLine()
    {
        if (_line is not { } line)
        {
            return;
        }

        _line = null;
        var l = line.Line with { Adjustments = Of(line.Adjustments), Remarks = Of(line.Remarks) };
        decimal cas = 0m;
        foreach (var a in l.Adjustments)
        {
            cas += a.Amount;
        }

        if (l.Charge - cas != l.Payment)
        {
            _imbalances.Add(_envelopes.ErrorAt(line.At, "SVC", "SVC03", Amount(l.Payment),
                Invariant($"{l.Charge - cas}, the line charge (SVC02, {l.Charge}) less its adjustments (CAS, {cas}), line {l.Number} of claim {_claim!.Claim.ClaimId}")));
        }

        _claim!.Lines.Add(l);
    }

    private void FinishClaim()
    {
        FinishLine();
        if (_claim is not { } claim)
        {
            return;
        }

        _claim = null;
        var c = claim.Claim with { Adjustments = Of(claim.Adjustments), Lines = Of(claim.Lines) };
        decimal cas = 0m, pr = 0m;
        foreach (var a in c.Adjustments.Concat(c.Lines.SelectMany(l => l.Adjustments)))
        {
            cas += a.Amount;
            pr += a.Group == "PR" ? a.Amount : 0m;
        }

        if (c.Charge - cas != c.Payment)
        {
            _imbalances.Add(_envelopes.ErrorAt(claim.At, "CLP", "CLP04", Amount(c.Payment),
                Invariant($"{c.Charge - cas}, the claim charge (CLP03, {c.Charge}) less the adjustments of the claim and its lines (CAS, {cas}), claim {c.ClaimId}")));
        }

        if (c.PatientResponsibility != pr)
        {
            _imbalances.Add(_envelopes.ErrorAt(claim.At, "CLP", "CLP05", Amount(c.PatientResponsibility),
                Invariant($"{pr}, the sum of the patient responsibility adjustments (CAS*PR) of claim {c.ClaimId}")));
        }

        _claims.Add(c);
    }

    private static string Element(string id, int position) => string.Create(CultureInfo.InvariantCulture, $"{id}{position:D2}");
}

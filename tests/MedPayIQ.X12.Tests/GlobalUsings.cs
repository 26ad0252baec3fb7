global using MedPayIQ.Ncci;
global using MedPayIQ.Pricing;
global using MedPayIQ.Pricing.Data;
global using Xunit;

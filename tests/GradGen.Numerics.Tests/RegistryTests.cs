using System.Reflection;
using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests;

/// <summary>Sanity checks of the case lists themselves.</summary>
public sealed class RegistryTests
{
    /// <summary>Methods tested by hand-written tests rather than through a case: the type that declares them (the Hessian
    /// methods by <see cref="SecondOrder.HessianTests"/>, which checks their gradients too; the operators of <see cref="Functions.Vec"/>,
    /// which GradGen writes where they are used, by ModelOperators.Loss, which uses each of them).</summary>
    private static readonly Type[] TestedElsewhere = [typeof(Functions.PowEdge), typeof(Functions.DomainEdges), typeof(Loops.LaterOverwrites), typeof(Loops.LocalArraysInCalls), typeof(Functions.PrimalBits), typeof(Functions.LinqEdges), typeof(Functions.ViewBounds), typeof(Functions.BufferBounds), typeof(VectorValued.VectorFunctions), typeof(SecondOrder.HessianFunctions), typeof(SecondOrder.ScaledCubic), typeof(SecondOrder.GridHessians), typeof(SecondOrder.ModelHessians), typeof(SecondOrder.HessianNet), typeof(Functions.GenericMath), typeof(Functions.Vec)];

    [Fact]
    public void CaseNamesAreUniqueAndEveryCaseHasSeveralPoints()
    {
        Assert.Equal(Registry.DoubleCaseList.Count, Registry.DoubleCaseList.Select(c => c.Name).Distinct().Count());
        Assert.Equal(Registry.FloatCaseList.Count, Registry.FloatCaseList.Select(c => c.Name).Distinct().Count());
        Assert.All(Registry.DoubleCaseList, c => Assert.True(c.Points.Length >= 2, c.Name));
        Assert.All(Registry.FloatCaseList, c => Assert.True(c.Points.Length >= 2, c.Name));
        Assert.All(Registry.DoubleCaseList, c => Assert.All(c.Points, p => Assert.Equal(c.Parameters.Length, p.Length)));
        Assert.All(Registry.FloatCaseList, c => Assert.All(c.Points, p => Assert.Equal(c.Parameters.Length, p.Length)));
    }

    [Fact]
    public void EveryDifferentiableMethodOfThisAssemblyHasACase()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        MethodInfo[] differentiable = typeof(RegistryTests).Assembly.GetTypes()
            .Where(t => !TestedElsewhere.Contains(t))
            .SelectMany(t => t.GetMethods(all))
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null)
            .ToArray();
        string[] caseNames = [.. Registry.DoubleCaseList.Select(c => c.Name), .. Registry.FloatCaseList.Select(c => c.Name)];

        Assert.All(differentiable, m => Assert.True(
            caseNames.Any(n => n.Contains(m.Name, StringComparison.Ordinal)),
            $"{m.DeclaringType}.{m.Name} is [Differentiable] but no case tests it"));
        Assert.True(differentiable.Length >= 30, $"only {differentiable.Length} [Differentiable] methods");
    }
}

using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;

namespace GradGen.Tests.Rules;

/// <summary>The callee protocol: which method reverse mode calls in place of a differentiable callee.</summary>
public class CalleeProtocolTests
{
    private static DiffCall CallOf(string method, TypeName? owner) => new(
        null,
        owner,
        method,
        new EquatableArray<CalleeParameter>([new CalleeParameter("x", TypeRef.Double, IsDifferentiable: true)]),
        new EquatableArray<Expr>([RealConst.Of(2, ScalarKind.Double)]),
        TypeRef.Double);

    [Fact]
    public void AStaticCalleeIsDifferentiatedByItsGeneratedPullbackOnItsOwnType()
    {
        var owner = new NamedTypeName("Models", null, "Losses", EquatableArray<TypeName>.Empty);
        DerivativeMember pullback = CalleeProtocol.PullbackOf(CallOf("Huber", owner));

        // No owner of its own: the pullback is called where the callee is (Models.Losses.HuberPullback).
        Assert.Equal(new DerivativeMember(null, "HuberPullback"), pullback);
        Assert.Equal(GeneratedMembers.NameOf("Huber", GeneratedMemberKind.Pullback), pullback.Name);
    }

    [Fact]
    public void AnInstanceCalleeIsDifferentiatedByItsGeneratedPullbackOnItsReceiver()
    {
        Assert.Equal(new DerivativeMember(null, "LossPullback"), CalleeProtocol.PullbackOf(CallOf("Loss", owner: null)));
    }
}

using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Analysis;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// What second order needs from the front end: whether the method is marked <c>[Differentiable(Hessian = true)]</c>,
    /// and what stands in the way of its Hessian. The Hessian is forward mode pushed through the generated gradient
    /// (forward-over-reverse), through the pullbacks of the methods it calls pushed forward; a call that path does not handle
    /// yet is an error at the call (GG0027), and a vector-valued method is GG0026 at <c>Hessian = true</c>. With either, the
    /// method gets no generated members.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        private AttributeData? HessianAttribute =>
            IsImplicitCallee ? null : SymbolFacts.Hessian(_method) ?? (_method.PartialDefinitionPart is { } definition ? SymbolFacts.Hessian(definition) : null);

        /// <summary>The method is marked <c>[Differentiable(Hessian = true)]</c> (on either part of a partial method).</summary>
        private bool IsMarkedHessian => HessianAttribute is not null;

        /// <summary>The <c>Hessian = true</c> argument of the attribute (or the attribute, or the method's name).</summary>
        private Location HessianLocation(string argument = "Hessian")
        {
            if (HessianAttribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax attribute)
            {
                if (attribute.ArgumentList is { } list)
                {
                    foreach (AttributeArgumentSyntax a in list.Arguments)
                    {
                        if (a.NameEquals?.Name.Identifier.ValueText == argument) return a.GetLocation();
                    }
                }

                return attribute.GetLocation();
            }

            return _syntax.Identifier.GetLocation();
        }

        /// <summary>GG0026 for a vector-valued method marked <c>Hessian = true</c>.</summary>
        private void CheckHessianResult()
        {
            if (!IsMarkedHessian || _vector is null) return;
            Report(DiagnosticDescriptors.HessianOfVectorResult, HessianLocation(), _method.Name);
        }

        /// <summary>GG0027 at each construct of a <c>Hessian = true</c> method that forward-over-reverse does not handle: calls with
        /// varying arguments whose callees' pullbacks cannot be pushed forward (see <see cref="ResolveSecondOrderCalls"/>).</summary>
        private void CheckHessianConstructs()
        {
            if (!IsMarkedHessian || _vector is not null) return;

            // Every call whose derivative goes through a callee's pullback that cannot be pushed forward.
            var reported = new HashSet<Location>();
            foreach ((DiffCall call, string why, Location location) in _secondOrderProblems)
            {
                if (!reported.Add(location)) continue;
                Report(DiagnosticDescriptors.HessianNotSupported, location, _method.Name,
                    "the call to '" + call.Method + "' depends on the differentiable parameters, and " + why + "; write its code in this method (a local function, or inline), or remove Hessian = true");
            }
        }

        /// <summary>The method's gradient is pushed forward: it is marked <c>Hessian = true</c> and scalar.</summary>
        private bool IsSecondOrder => IsMarkedHessian && _vector is null;

        private readonly SortedDictionary<string, MethodModel> _secondOrderReach = new(System.StringComparer.Ordinal);

        private readonly List<string> _secondOrderBlockers = new();

        private readonly List<(DiffCall Call, string Why, Location Location)> _secondOrderProblems = new();

        /// <summary>
        /// Once activity is known: the callees whose pullbacks this method's pullback calls with varying arguments, which second
        /// derivatives push forward (each gets <c>FPullbackPushforward</c>), and what stands in the way: a custom derivative or a
        /// method of another assembly (no pullback GradGen can push forward), a vector-valued callee or one differentiated with
        /// respect to <c>this</c>, or such a call inside the callee. Errors at the call for a <c>Hessian = true</c> method;
        /// otherwise the reasons its own second-order callers give. A call of the method itself is no obstacle: the method
        /// joins its own reach (<see cref="WithSecondOrderSelf"/>).
        /// </summary>
        private void ResolveSecondOrderCalls(HashSet<int> varied)
        {
            var noted = new HashSet<DiffCall>(ReferenceEquality<DiffCall>.Instance);
            foreach ((DiffCall call, IMethodSymbol callee, Location location) in _differentiableCalls)
            {
                noted.Add(call);
                if (!Activity.IsVaried(call, varied, throughUnknownCalls: true)) continue;
                if (SecondOrderProblem(call, callee) is { } why) SecondOrderBlocked(call, why, location);
            }

            // A call of the method itself: its pullback calls its own pullback, so its pullback pushed forward calls itself too.
            // The method joins its own reach once its model exists (see WithSecondOrderSelf).
            foreach ((DiffCall call, Location _) in _callLocations)
            {
                if (noted.Contains(call) || !Activity.IsVaried(call, varied, throughUnknownCalls: true)) continue;
                _secondOrderCallsItself = true;
            }
        }

        /// <summary>A call of the method itself has varying arguments: second derivatives push forward the method's own pullback.</summary>
        private bool _secondOrderCallsItself;

        /// <summary>
        /// For a method that calls itself with varying arguments: the method itself in the reach its second-order callers collect
        /// (its pullback pushed forward calls itself where its pullback does), and, for a <c>Hessian = true</c> method, in its own
        /// <see cref="MethodModel.SecondOrderCallees"/> and, when it writes no pushforward of its own, its
        /// <see cref="MethodModel.ForwardCallees"/> (its gradient computes the values of its own calls, which the Hessian-vector
        /// product pushes forward).
        /// </summary>
        private MethodModel WithSecondOrderSelf(MethodModel model)
        {
            if (!_secondOrderCallsItself) return model;
            MethodModel self = model with
            {
                ImplicitCallees = EquatableArray<MethodModel>.Empty,
                ForwardCallees = EquatableArray<MethodModel>.Empty,
                SecondOrderCallees = EquatableArray<MethodModel>.Empty,
            };
            _secondOrderReach[self.HintName] = self;
            if (!IsSecondOrder) return model;
            if (!IsForward) _forwardReach[self.HintName] = self;
            return model with
            {
                ForwardCallees = ForwardCallees(),
                SecondOrderCallees = _secondOrderReach.Values.ToEquatableArray(),
            };
        }

        private void SecondOrderBlocked(DiffCall call, string why, Location location)
        {
            if (why.Length == 0) return; // the callee's own errors are reported already
            _secondOrderProblems.Add((call, why, location));
            _secondOrderBlockers.Add("the call to '" + call.Method + "' depends on its differentiable parameters, and " + why);
        }

        /// <summary>Why second derivatives cannot go through <paramref name="call"/> (empty: the callee has errors of its own,
        /// reported already), or null when they can, the callee and what it reaches then added to the reach.</summary>
        private string? SecondOrderProblem(DiffCall call, IMethodSymbol callee)
        {
            string name = "'" + callee.Name + "'";
            if (call.CustomPullback is not null || call.CustomPushforward is not null)
            {
                return name + " has a custom derivative, which GradGen cannot differentiate a second time";
            }

            if (!_calls.IsInSource(callee)) return name + " is compiled in another assembly, so GradGen cannot differentiate its pullback a second time";
            if (_calls.ResultOf(callee) is not { Model: { } model } result) return string.Empty;
            if (model.IsVectorValued) return name + " is vector-valued, and second derivatives through vector-valued callees are not supported yet";
            if (model.This is not null || !call.Memberwise && model.Parameters.Any(p => p.Model is not null))
            {
                return "second derivatives through methods differentiated with respect to this are not supported yet";
            }

            if (!result.ForwardBlockers.IsEmpty) return "in " + name + ", " + FirstProblem(result.ForwardBlockers.ToArray());
            if (!result.SecondOrderBlockers.IsEmpty) return "in " + name + ", " + result.SecondOrderBlockers[0];

            // Model values passed whole go through the callee's memberwise pullback (each model followed by its members): its
            // pullback is the one pushed forward.
            if (call.Memberwise) model = MemberwiseModel(model);
            _secondOrderReach[model.HintName] = model with
            {
                ImplicitCallees = EquatableArray<MethodModel>.Empty,
                ForwardCallees = EquatableArray<MethodModel>.Empty,
                SecondOrderCallees = EquatableArray<MethodModel>.Empty,
            };
            foreach (MethodModel reached in result.SecondOrderReach) _secondOrderReach[reached.HintName] = reached;
            return null;
        }
    }
}

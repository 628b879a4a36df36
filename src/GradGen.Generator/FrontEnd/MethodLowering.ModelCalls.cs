using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Calls that pass model values (CONTRACT "Model types"): <c>Layer(net, x)</c> where <c>Layer</c> takes the model type
    /// itself. The derivative cores see a model value as its members (its leaves), so such a call is differentiated
    /// through the callee's memberwise derivatives, generated for it once: <c>LayerMemberwisePullback(net, net_W, net_B, x,
    /// seed, adjoints...)</c> takes the model value (for its other members) followed by each differentiable member, whose
    /// adjoints are the caller's own leaves' adjoints. Nothing is copied or allocated, and the chain rule goes through the
    /// callee, never by inlining it.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Whether <paramref name="target"/> is a method of this compilation GradGen differentiates and the call passes
        /// it a model value (a parameter of a model type it differentiates).</summary>
        private bool PassesModelValues(IMethodSymbol target) =>
            target.Parameters.Any(ModelTypes.IsModelParameter)
            && (SymbolFacts.IsDifferentiable(target) || SymbolFacts.IsImplicitCandidate(target))
            && _calls.IsInSource(target.OriginalDefinition);

        /// <summary>A call that passes model values, as a <see cref="DiffCall"/> whose model arguments are each followed by
        /// their members (<see cref="DiffCall.Memberwise"/>); null after reporting why it cannot be differentiated.</summary>
        private Expr? LowerMemberwiseCall(IInvocationOperation invocation, IMethodSymbol target)
        {
            IMethodSymbol callee = target.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(callee, _method.OriginalDefinition))
            {
                return Unsupported(invocation, "a method that passes a model value to itself is not differentiated; pass the members the recursion needs as double, float or array arguments");
            }

            if (_calls.Reaches(callee, _method.OriginalDefinition, _cancellationToken))
            {
                Report(DiagnosticDescriptors.Recursion, invocation.Syntax.GetLocation(), _method.Name, target.Name);
                return null;
            }

            if (target.IsGenericMethod)
            {
                return Unsupported(invocation, "generic methods that take model values are not differentiated");
            }

            if (_calls.Status(callee, _cancellationToken) == CalleeStatus.Invalid || _calls.ResultOf(callee)?.Model is not { } calleeModel)
            {
                Report(DiagnosticDescriptors.CalleeHasErrors, invocation.Syntax.GetLocation(), target.Name, FirstProblem(_calls.ResultOf(callee)?.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray()));
                return null;
            }

            if (calleeModel.This is not null || calleeModel.Vector is not null || calleeModel.Parameters.Count != target.Parameters.Length)
            {
                return Unsupported(invocation, calleeModel.This is not null
                    ? "model values are not passed to a method differentiated WithRespectToThis; make it static and pass the instance as a parameter"
                    : "model values are not passed to a vector-valued method; pass the members it needs as double, float or array arguments");
            }

            if (SymbolFacts.Classify(target.ReturnType) is not { IsReal: true } resultType)
            {
                return Unsupported(invocation, "the callee must return double or float");
            }

            if (!CalleeReceiver(invocation, target, out Expr? receiver, out TypeName? owner)) return null;

            var args = new List<Expr>();
            var parameters = new List<CalleeParameter>();
            bool ok = true;
            for (int i = 0; i < target.Parameters.Length; i++)
            {
                IParameterSymbol p = target.Parameters[i];
                IArgumentOperation? argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == i);
                if (argument is null || argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    return Unsupported(invocation, "params arguments are not supported; pass an array");
                }

                if (p.RefKind is RefKind.Ref or RefKind.Out)
                {
                    Report(DiagnosticDescriptors.WriteOutsideMethod, argument.Syntax.GetLocation(), (p.RefKind == RefKind.Ref ? "a ref" : "an out") + " argument", "Calls may only take their arguments by value or 'in'.");
                    ok = false;
                    continue;
                }

                ParameterModel parameter = calleeModel.Parameters[i];
                if (parameter.Model is { } model)
                {
                    ok &= AddModelArgument(argument, p, model, args, parameters);
                    continue;
                }

                Expr? value = LowerExpression(argument.Value);
                TypeRef? type = PassiveType(p.Type, invocation.Syntax);
                if (value is null || type is null)
                {
                    ok = false;
                    continue;
                }

                if (parameter.IsDifferentiable && type.Value.IsGrid && value is not VarRef)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, argument.Syntax.GetLocation(), Abbreviate(argument.Syntax), "pass a jagged or two-dimensional array parameter here, so that its derivative has a place to go");
                    ok = false;
                }
                else if (parameter.IsDifferentiable && type.Value.IsSequence && SequenceArgumentProblem(value) is { } problem)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, argument.Syntax.GetLocation(), Abbreviate(argument.Syntax), problem);
                    ok = false;
                }

                args.Add(value);
                parameters.Add(new CalleeParameter(p.Name, type.Value, parameter.IsDifferentiable));
            }

            if (!ok) return null;
            var call = new DiffCall(receiver, owner, target.Name, parameters.ToEquatableArray(), args.ToEquatableArray(), resultType, CalleeTangentCanBeInfinite(callee, callsItself: false))
            {
                Memberwise = true,
            };
            _callLocations.Add((call, invocation.Syntax.GetLocation()));
            NoteDifferentiableCall(call, callee, invocation.Syntax.GetLocation());
            if (!SymbolFacts.IsDifferentiable(target)) _implicitCalls.Add(call);
            AddImplicitCallee(MemberwiseModel(calleeModel));
            return call;
        }

        /// <summary>
        /// Adds a model value and then each of its leaves, in the callee's leaf order, to a memberwise call: a model-type
        /// parameter of this method (or a nested model value of one, or <c>this</c> differentiated WithRespectToThis) passes
        /// its own leaves, whose adjoints the callee's pullback then accumulates into; any other value of the type (data,
        /// a [NoDerivative] parameter) passes its members as constants.
        /// </summary>
        private bool AddModelArgument(IArgumentOperation argument, IParameterSymbol parameter, ModelParameter model, List<Expr> args, List<CalleeParameter> parameters)
        {
            IOperation value = argument.Value;
            while (value is IConversionOperation { Conversion.IsIdentity: true } identity) value = identity.Operand;
            if (value is IConversionOperation || !SymbolEqualityComparer.Default.Equals(value.Type, parameter.Type))
            {
                Unsupported(argument, "pass a value of type '" + parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
                    + "' itself here (not of a derived type or through a conversion), so that its members' derivatives have a place to go");
                return false;
            }

            TypeRef? objectType = PassiveType(parameter.Type, argument.Syntax);
            if (objectType is null) return false;
            Expr? instance;
            Func<ModelLeaf, Expr?> leafOf;
            if (ModelChain(value) is { Root: ILocalSymbol local })
            {
                Unsupported(argument, "a model local ('" + local.Name + "') is held as its members and cannot be passed on whole yet; pass a model parameter, or the members as double or float arguments");
                return false;
            }

            if (ModelChain(value) is { } chain)
            {
                Dictionary<string, Variable> leaves = _modelLeaves[chain.Root];
                string prefix = string.Join(".", chain.Path);
                instance = chain.Path.Count > 0 ? ModelReceiver(value)
                    : chain.Root is ITypeSymbol ? new ThisRef(_thisType)
                    : new VarRef(_variables[(IParameterSymbol)chain.Root]);
                leafOf = leaf =>
                {
                    if (!leaves.TryGetValue(prefix.Length == 0 ? leaf.Access : prefix + "." + leaf.Access, out Variable? mine)) return null;
                    NoteRead(mine);
                    return new VarRef(mine);
                };
            }
            else
            {
                // A value of the type this method does not differentiate: its members are constants here.
                _heldConstant++;
                instance = LowerExpression(value);
                _heldConstant--;
                if (instance is not null && instance is not VarRef and not ThisRef and not MemberRead)
                {
                    Unsupported(argument, "pass a parameter, a local or a member here, not a computed model value");
                    return false;
                }

                Expr? held = instance;
                leafOf = leaf => held is null ? null : MemberPath(held, leaf);
            }

            if (instance is null) return false;
            args.Add(instance);
            parameters.Add(new CalleeParameter(parameter.Name, objectType.Value, false));
            foreach (ModelLeaf leaf in model.Leaves)
            {
                if (leafOf(leaf) is not { } leafValue)
                {
                    Unsupported(argument, "GradGen does not know the member '" + leaf.Access + "' of this value");
                    return false;
                }

                args.Add(leafValue);
                parameters.Add(new CalleeParameter(leaf.Slot.Name, leaf.Slot.Type, true, IsMember: true));
            }

            return true;
        }

        /// <summary>The read of <paramref name="leaf"/>'s member path from <paramref name="instance"/>.</summary>
        private static Expr MemberPath(Expr instance, ModelLeaf leaf)
        {
            Expr e = instance;
            for (int i = 0; i < leaf.Path.Count; i++)
            {
                bool last = i == leaf.Path.Count - 1;
                e = new MemberRead(e, leaf.Path[i], last ? leaf.Slot.Type : new TypeRef(ScalarKind.Other, Shape.Scalar, null));
            }

            return e;
        }

        /// <summary>
        /// The method a memberwise call differentiates through: <paramref name="model"/> with each model-type parameter
        /// followed by its leaves (as the derivative cores see it), named <c>FMemberwise</c> and generated like a helper's
        /// pullback (internal at most, hidden), in a file of its own.
        /// </summary>
        internal static MethodModel MemberwiseModel(MethodModel model)
        {
            MethodModel flat = ModelParameters.Scalarized(model);
            string stem = model.HintName.EndsWith(".g.cs", StringComparison.Ordinal) ? model.HintName.Substring(0, model.HintName.Length - 5) : model.HintName;
            return flat with
            {
                Name = GeneratedMembers.MemberwiseName(model.Name),
                IsImplicit = true,
                Forward = false,
                ForwardCallees = EquatableArray<MethodModel>.Empty,
                Accessibility = model.Accessibility is "public" or "protected internal" ? "internal" : model.Accessibility,
                HintName = stem + ".Memberwise.g.cs",
            };
        }
    }
}

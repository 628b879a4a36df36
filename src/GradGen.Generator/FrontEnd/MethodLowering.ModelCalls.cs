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
            if (value is IObjectCreationOperation or IWithOperation || WrittenOperator(value) is not null || ModelChain(value) is { Root: ILocalSymbol })
            {
                return AddBuiltModelArgument(argument, value, parameter, model, objectType.Value, args, parameters);
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

        /// <summary>
        /// A model value that exists only as its members' values, passed to a memberwise call: a model local (held as one local
        /// per member), <c>new Vec2(a, b)</c> or <c>v with { X = 0 }</c> written as the argument. Each leaf's value goes in as
        /// the argument of that member, so its derivative flows to whatever the value was built of; the value itself, for
        /// anything else the callee does with it, is built of the same members (<c>new Vec2(v_X, v_Y)</c>) as the type offers.
        /// </summary>
        private bool AddBuiltModelArgument(IArgumentOperation argument, IOperation value, IParameterSymbol parameter, ModelParameter model, TypeRef objectType, List<Expr> args, List<CalleeParameter> parameters)
        {
            ModelShape? shape = ModelShapeOfLocal(parameter.Type, argument.Syntax, value is IObjectCreationOperation or IWithOperation || WrittenOperator(value) is not null ? "a value passed whole to a call" : "a local");
            if (shape is null) return false;
            if (HoldsReferenceType(shape) is { } referenceShape)
            {
                string type = parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                Unsupported(argument, ReferenceEquals(referenceShape, shape)
                    ? "a value of the class '" + type + "' that exists only as its members would be allocated again to pass it, and a pullback allocates nothing; pass a parameter of the type, or its members as double or float arguments, or make '" + type + "' a struct or record struct"
                    : "a value of '" + type + "' that exists only as its members holds a class, which would be allocated again to pass it, and a pullback allocates nothing; pass a parameter of the type, or its members as double or float arguments, or make the class a struct or record struct");
                return false;
            }

            Dictionary<string, Expr>? values;
            if (value is IObjectCreationOperation or IWithOperation || WrittenOperator(value) is not null)
            {
                if (_effects is not { } output || _sometimes > 0)
                {
                    Unsupported(argument, "a model value built here is evaluated only sometimes or where no statement can go first; build it into a local first");
                    return false;
                }

                // Its members' values are computed just before the statement, in C#'s order; an assignment inside them would
                // move before what the statement reads first, so it is refused.
                _inlineModelValues++;
                try
                {
                    values = ModelValue(value, shape, output);
                }
                finally
                {
                    _inlineModelValues--;
                }

                // Each member's value is taken where C# takes it: after the statement's earlier arguments (whose assignments
                // are already in the output) and before its later ones.
                if (values is not null)
                {
                    foreach (string access in values.Keys.ToList())
                    {
                        if (values[access] is RealConst or VarRef { Var.Kind: VariableKind.Synthetic }) continue;
                        var temporary = new Variable(_nextId++, NextTempName("_" + parameter.Name + "_" + access.Replace('.', '_')), values[access].Type, VariableKind.Synthetic);
                        output.Add(new Declare(temporary, values[access]));
                        values[access] = new VarRef(temporary);
                    }
                }
            }
            else
            {
                values = ModelValue(value, shape, new List<Stmt>());
            }

            if (values is null) return false;
            var leafValues = new List<Expr>();
            foreach (ModelLeaf leaf in model.Leaves)
            {
                if (!values.TryGetValue(leaf.Access, out Expr? leafValue))
                {
                    Unsupported(argument, "GradGen does not know the member '" + leaf.Access + "' of this value");
                    return false;
                }

                leafValues.Add(leafValue);
            }

            args.Add(new StopGradient(BuildModelValue(shape, new List<string>(), values)));
            parameters.Add(new CalleeParameter(parameter.Name, objectType, false));
            for (int i = 0; i < model.Leaves.Count; i++)
            {
                args.Add(leafValues[i]);
                parameters.Add(new CalleeParameter(model.Leaves[i].Slot.Name, model.Leaves[i].Slot.Type, true, IsMember: true));
            }

            return true;
        }

        /// <summary>The shape itself or a nested one that is a class or record (building it allocates), or null.</summary>
        private static ModelShape? HoldsReferenceType(ModelShape shape) =>
            shape.IsReferenceType ? shape : shape.Members.Select(m => m.Nested is { } nested ? HoldsReferenceType(nested) : null).FirstOrDefault(s => s is not null);

        /// <summary>A new value of a model type built of its members' values (by member path): a constructor call or an object
        /// initializer, as the type offers.</summary>
        private static Expr BuildModelValue(ModelShape shape, List<string> path, Dictionary<string, Expr> values)
        {
            var parts = new List<Expr>();
            foreach (ModelMember member in shape.Members)
            {
                path.Add(member.Name);
                parts.Add(member.Leaf is not null ? values[string.Join(".", path)] : BuildModelValue(member.Nested!, path, values));
                path.RemoveAt(path.Count - 1);
            }

            return new OpaqueCall(null, null, string.Empty, EquatableArray<TypeName>.Empty, parts.ToEquatableArray(), shape.Type, IsPure: true)
            {
                IsConstruction = true,
                InitializedMembers = shape.Build == ModelBuildKind.Initializer ? shape.Members.Select(m => m.Name).ToEquatableArray() : EquatableArray<string>.Empty,
            };
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

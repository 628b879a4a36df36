using System;
using System.Collections.Generic;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Assignments inside expressions, <c>buf[n++] = v</c>, <c>x = y = 0</c>, <c>(res += i * j) != 0</c>,
    /// <c>while (--k &gt; 0)</c>: each becomes a statement of its own just before the statement that holds it, and the
    /// expression reads the variable after it (or, for <c>n++</c>, a copy of the value before). That is C#'s order as long
    /// as nothing the statement evaluates earlier reads what the assignment changes, which is checked (every read of a
    /// variable in the statement so far is tracked); inside <c>?:</c>, <c>&amp;&amp;</c> and <c>||</c>, which evaluate
    /// only sometimes, an assignment stays an error.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Where the current statement's embedded assignments go (null where none may be).</summary>
        private List<Stmt>? _effects;

        /// <summary>The variables the current statement has read so far, in C#'s order of evaluation.</summary>
        private HashSet<Variable>? _readSoFar;

        /// <summary>How deep lowering is inside an operand evaluated only sometimes (a branch of ?:, the right of &amp;&amp; or ||).</summary>
        private int _sometimes;

        /// <summary>Lowers one statement's expressions with embedded assignments written to <paramref name="output"/>.</summary>
        private T WithEffects<T>(List<Stmt> output, Func<T> lower)
        {
            (List<Stmt>? effects, HashSet<Variable>? read, int sometimes) = (_effects, _readSoFar, _sometimes);
            _effects = output;
            _readSoFar = new HashSet<Variable>();
            _sometimes = 0;
            try
            {
                return lower();
            }
            finally
            {
                (_effects, _readSoFar, _sometimes) = (effects, read, sometimes);
            }
        }

        private Expr? Sometimes(Func<Expr?> lower)
        {
            _sometimes++;
            try
            {
                return lower();
            }
            finally
            {
                _sometimes--;
            }
        }

        private void NoteRead(Variable variable) => _readSoFar?.Add(variable);

        /// <summary>The assigned target as the expression's value: a read of the variable after the assignment, so a later
        /// assignment to it in the same statement ((y = 2) + (y = 3)) is caught as one that changes what was read.</summary>
        private Expr ReadAfter(Expr target, Variable changed)
        {
            NoteRead(changed);
            return target;
        }

        /// <summary>How deep lowering is inside a model value built as a call's argument, whose members are computed before the
        /// statement.</summary>
        private int _inlineModelValues;

        /// <summary>An assignment, compound assignment, ++ or -- used as a value.</summary>
        private Expr? LowerEmbeddedAssignment(IOperation operation)
        {
            if (_inlineModelValues > 0)
            {
                return Unsupported(operation, "an assignment inside a model value passed to a call is not supported; write it as its own statement, or build the value into a local first");
            }

            if (_effects is null || _sometimes > 0)
            {
                return Unsupported(operation, _sometimes > 0
                    ? "an assignment inside ?:, && or || happens only sometimes; write it as its own statement"
                    : "an assignment inside this expression is not supported; write it as its own statement");
            }

            List<Stmt> effects = _effects;
            IOperation targetOperation = operation switch
            {
                ISimpleAssignmentOperation s => s.Target,
                ICompoundAssignmentOperation c => c.Target,
                _ => ((IIncrementOrDecrementOperation)operation).Target,
            };
            Expr? target = LowerTarget(targetOperation);
            if (target is null) return null;
            Variable? changed = target switch
            {
                VarRef v => v.Var,
                ElementAccess { Sequence: VarRef array } => array.Var,
                _ => null,
            };
            if (changed is null || _readSoFar!.Contains(changed))
            {
                return Unsupported(operation, "it changes '" + (changed?.Name ?? targetOperation.Syntax.ToString()) + "', which this statement reads before; write the assignment as its own statement");
            }

            // An element target reads its index once: the index is read into a local when it is not a constant.
            if (target is ElementAccess { Index: not IntConst } element)
            {
                var index = new Variable(_nextId++, NextTempName("_index"), element.Index.Type, VariableKind.Synthetic);
                effects.Add(new Declare(index, Hoist(element.Index, effects)));
                target = element with { Index = new VarRef(index) };
            }

            switch (operation)
            {
                case ISimpleAssignmentOperation simple:
                    {
                        Expr? value = LowerExpression(simple.Value);
                        if (value is null) return null;
                        effects.Add(new Assign(target, Converted(Hoist(value, effects), target.Type)));
                        return ReadAfter(target, changed);
                    }

                case ICompoundAssignmentOperation compound:
                    {
                        Expr? value = LowerExpression(compound.Value);
                        BinaryOp? op = MapBinary(compound.OperatorKind);
                        if (value is null) return null;
                        TypeRef? operatorType = CompoundOperatorType(compound, target.Type);
                        if (!SymbolFacts.IsArithmeticOperator(compound.OperatorMethod) || op is null || operatorType is null)
                        {
                            return Unsupported(operation, "this compound assignment is not supported; write it as x = x op y");
                        }

                        effects.Add(new Assign(target, operatorType == target.Type
                            ? new Binary(op.Value, target, Converted(Hoist(value, effects), target.Type), target.Type)
                            : Updated(target, op.Value, Hoist(value, effects), operatorType.Value)));
                        return ReadAfter(target, changed);
                    }

                default:
                    {
                        var step = (IIncrementOrDecrementOperation)operation;
                        if (!target.Type.IsScalar || target.Type.Scalar is ScalarKind.Boolean or ScalarKind.Other)
                        {
                            return Unsupported(operation, "only numbers can be incremented");
                        }

                        Expr result = target;
                        if (step.IsPostfix)
                        {
                            var before = new Variable(_nextId++, NextTempName("_old"), target.Type, VariableKind.Synthetic);
                            effects.Add(new Declare(before, target));
                            result = new VarRef(before);
                        }

                        effects.Add(new Assign(target, Stepped(target, step.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract)));
                        return step.IsPostfix ? result : ReadAfter(target, changed);
                    }
            }
        }
    }
}

/** @odoo-module **/

import { registry } from "@web/core/registry";

// Nothing the user reads scrolls sideways: the page, the action, the content,
// the kanban (its columns stack on a phone), a list and a dialog (``lists``:
// false on a form, whose one2many tables are not this tour's).
function noSidewaysScroll({ lists = true } = {}) {
    const boxes = [
        document.scrollingElement,
        ...document.querySelectorAll(".o_action_manager, .o_content, .o_kanban_renderer, .modal-body"),
        ...(lists ? document.querySelectorAll(".o_list_renderer") : []),
    ];
    for (const box of boxes) {
        if (box.scrollWidth > box.clientWidth + 1) {
            throw new Error(
                `${box.className || box.tagName} scrolls sideways: ` +
                    `${box.scrollWidth}px > ${box.clientWidth}px`
            );
        }
    }
}

// ``element``, scrolled to (as a user scrolls down), lies on the screen and
// is what a finger on its middle touches (not a header or a column beside it).
function withinReach(element, what) {
    element.scrollIntoView({ block: "center", inline: "center" });
    const rect = element.getBoundingClientRect();
    if (
        rect.width === 0 ||
        rect.left < 0 ||
        rect.right > window.innerWidth + 1 ||
        rect.top < 0 ||
        rect.bottom > window.innerHeight + 1
    ) {
        throw new Error(
            `${what} is out of reach: ${Math.round(rect.left)}px to ${Math.round(rect.right)}px, ` +
                `${Math.round(rect.top)}px to ${Math.round(rect.bottom)}px ` +
                `on a ${window.innerWidth}×${window.innerHeight} screen`
        );
    }
    const touched = document.elementFromPoint(
        rect.left + rect.width / 2,
        rect.top + Math.min(rect.height / 2, 20)
    );
    if (!element.contains(touched)) {
        throw new Error(`${what} is covered by ${touched && touched.className}`);
    }
}

// Every column of a grouped kanban (its title and all its cards, as many as
// its counter says) and every card of an ungrouped one, reached by scrolling
// down only. Returns the columns.
function everyCardWithinReach({ minColumns = 0 } = {}) {
    noSidewaysScroll();
    if (document.querySelector(".o_list_renderer")) {
        throw new Error("A phone opens the kanban view, not the list");
    }
    const columns = [...document.querySelectorAll(".o_kanban_renderer .o_kanban_group")];
    if (columns.length < minColumns) {
        throw new Error(`${columns.length} columns, at least ${minColumns} expected`);
    }
    for (const column of columns) {
        const title = column.querySelector(".o_column_title");
        const name = title.textContent.trim();
        withinReach(title, `The column ${name}`);
        const cards = column.querySelectorAll(".o_kanban_record:not(.o_kanban_ghost)");
        const counted = name.match(/\((\d+)\)/);
        if (counted && Number(counted[1]) !== cards.length) {
            throw new Error(`The column ${name} shows ${cards.length} cards`);
        }
        cards.forEach((card, index) => withinReach(card, `Card ${index + 1} of ${name}`));
    }
    if (!columns.length) {
        const cards = document.querySelectorAll(".o_kanban_record:not(.o_kanban_ghost)");
        cards.forEach((card, index) => withinReach(card, `Card ${index + 1}`));
    }
    noSidewaysScroll();
    return columns;
}

// At phone size, any role's workbench: its columns stack, every column and
// card is reached by scrolling down; a card of the second column opens.
registry.category("web_tour.tours").add("joint_meeting_phone_workbench_tour", {
    steps: () => [
        {
            content: "The workbench is the home; its columns stack on the phone",
            trigger: ".o_jm_stacked_kanban .o_kanban_group .o_kanban_record",
            run() {
                const columns = everyCardWithinReach({ minColumns: 2 });
                const card = columns[1].querySelector(".o_kanban_record");
                card.classList.add("o_jm_tour_second_column_card");
                withinReach(card, "The first card of the second column");
            },
        },
        {
            content: "Open the first card of the second column",
            trigger: ".o_jm_tour_second_column_card",
            run: "click",
        },
        {
            content: "Its document opens, and fits the phone",
            trigger: ".o_form_view .o_form_sheet",
            run() {
                noSidewaysScroll({ lists: false });
            },
        },
    ],
});

// At phone size, a main list of the module: the action opens its kanban
// (19.0's mobile_view_mode), every card readable without scrolling sideways;
// the first card opens its form.
registry.category("web_tour.tours").add("joint_meeting_phone_list_tour", {
    steps: () => [
        {
            content: "The phone opens the cards, not a table",
            trigger: ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)",
            run() {
                everyCardWithinReach();
                const card = document.querySelector(".o_kanban_record:not(.o_kanban_ghost)");
                card.classList.add("o_jm_tour_first_card");
                withinReach(card, "The first card");
            },
        },
        {
            content: "Open the first card",
            trigger: ".o_jm_tour_first_card",
            run: "click",
        },
        {
            content: "Its form opens, and fits the phone",
            trigger: ".o_form_view .o_form_sheet",
            run() {
                noSidewaysScroll({ lists: false });
            },
        },
    ],
});

import type { Channel, ItemArea, ItemKind } from "./schema/enums";
import type { ItemStatus } from "#app/services/workflow";

export type DemoItem = {
  kind: ItemKind;
  title: string;
  body: string;
  area: ItemArea;
  channel: Channel | null;
  team: string;
  tags: string[];
  status: ItemStatus;
  anonymous?: boolean;
};

// Demo items for an Italian contact centre: all but two in Italian (a colleague from abroad
// writes in English), every status.
export const demoItems: DemoItem[] = [
  { kind: "insight", title: "I clienti non trovano il codice cliente in fattura", body: "Almeno 10 chiamate al giorno iniziano con «dove trovo il codice cliente?». Nella nuova fattura è in basso a destra, in corpo 6.", area: "product", channel: "phone", team: "Fatturazione", tags: ["fatture"], status: "planned" },
  { kind: "idea", title: "Evidenziare il codice cliente nella prima pagina della fattura", body: "Spostarlo in alto, vicino al totale, in grassetto. Ridurrebbe le chiamate di identificazione.", area: "product", channel: "phone", team: "Fatturazione", tags: ["fatture", "self-service"], status: "in_progress" },
  { kind: "insight", title: "Rimborsi su carta: i clienti chiedono i tempi esatti", body: "Diciamo «5-10 giorni lavorativi» ma molti richiamano al sesto giorno. Serve una data precisa.", area: "communication", channel: "email", team: "Resi e rimborsi", tags: ["rimborsi"], status: "under_review" },
  { kind: "idea", title: "Email automatica con la data prevista del rimborso", body: "Quando il reso viene accettato, inviare un'email con la data stimata di accredito calcolata dal circuito.", area: "process", channel: "email", team: "Resi e rimborsi", tags: ["rimborsi", "automazione"], status: "planned" },
  { kind: "insight", title: "Il modem si riavvia dopo l'aggiornamento notturno", body: "Da martedì molti clienti della fibra segnalano riavvii alle 3 di notte e connessione lenta al mattino.", area: "tool_system", channel: "phone", team: "Assistenza tecnica", tags: ["modem", "fibra"], status: "in_progress" },
  { kind: "idea", title: "Script guidato per il reset del modem in chat", body: "Un percorso passo passo con immagini, da inviare in chat, invece di spiegarlo a voce ogni volta.", area: "training", channel: "chat", team: "Assistenza tecnica", tags: ["modem", "chat"], status: "done" },
  { kind: "insight", title: "La password dell'area clienti scade troppo spesso", body: "Ogni 60 giorni: i clienti anziani non riescono a rinnovarla e chiamano.", area: "policy", channel: "phone", team: "Assistenza tecnica", tags: ["area clienti", "accesso"], status: "declined" },
  { kind: "idea", title: "Accesso all'area clienti con codice via SMS", body: "Un codice monouso via SMS al posto della password per chi lo preferisce.", area: "tool_system", channel: "web_form", team: "Assistenza tecnica", tags: ["area clienti", "accesso"], status: "new" },
  { kind: "insight", title: "Attese lunghe il lunedì mattina tra le 9 e le 11", body: "Il picco del lunedì raddoppia i tempi di attesa. Molti abbandonano e richiamano nel pomeriggio.", area: "process", channel: "phone", team: "Back office", tags: ["attese", "pianificazione"], status: "under_review" },
  { kind: "idea", title: "Richiamata automatica invece dell'attesa in linea", body: "Offrire «la richiamiamo noi» quando l'attesa supera i 5 minuti.", area: "tool_system", channel: "phone", team: "Back office", tags: ["attese"], status: "planned" },
  { kind: "insight", title: "I clienti non capiscono la voce «conguaglio» in bolletta", body: "Pensano sia un errore e chiedono il rimborso.", area: "communication", channel: "phone", team: "Fatturazione", tags: ["fatture", "conguaglio"], status: "new" },
  { kind: "idea", title: "Una pagina FAQ sul conguaglio con un esempio", body: "Con un esempio numerico e un video di un minuto, da linkare in bolletta.", area: "communication", channel: "web_form", team: "Fatturazione", tags: ["fatture", "faq"], status: "done" },
  { kind: "insight", title: "Resi rifiutati perché manca lo scontrino", body: "Per gli acquisti online lo scontrino non esiste: serve la conferma d'ordine, ma il modulo chiede lo scontrino.", area: "process", channel: "store", team: "Resi e rimborsi", tags: ["resi", "negozio"], status: "in_progress" },
  { kind: "idea", title: "Accettare il numero d'ordine al posto dello scontrino", body: "", area: "policy", channel: "store", team: "Resi e rimborsi", tags: ["resi"], status: "new" },
  { kind: "insight", title: "Domande ripetute sul cambio di intestatario", body: "Il processo richiede tre documenti ma la pagina web ne elenca due.", area: "communication", channel: "web_form", team: "Back office", tags: ["contratti"], status: "done" },
  { kind: "idea", title: "Checklist unica per il cambio di intestatario", body: "Un'unica checklist condivisa tra sito, operatori e negozi.", area: "process", channel: null, team: "Back office", tags: ["contratti", "checklist"], status: "planned" },
  { kind: "insight", title: "L'app si blocca al pagamento con PayPal", body: "Su Android 14, dopo il reindirizzamento a PayPal l'app resta su schermo bianco.", area: "tool_system", channel: "social", team: "Assistenza tecnica", tags: ["app", "pagamenti"], status: "in_progress" },
  { kind: "idea", title: "Messaggio di stato quando un pagamento è in verifica", body: "Mostrare «pagamento in verifica» invece di nessun messaggio: oggi i clienti pagano due volte.", area: "product", channel: "messaging", team: "Fatturazione", tags: ["pagamenti", "app"], status: "under_review" },
  { kind: "insight", title: "I nuovi colleghi non conoscono le eccezioni sui resi", body: "Le eccezioni (prodotti sigillati, personalizzati) sono solo nella testa dei veterani.", area: "training", channel: null, team: "Resi e rimborsi", tags: ["formazione", "resi"], status: "new" },
  { kind: "idea", title: "Affiancamento di una settimana per i nuovi operatori", body: "Una settimana in affiancamento a un collega esperto prima di rispondere da soli.", area: "training", channel: null, team: "Resi e rimborsi", tags: ["formazione"], status: "planned" },
  { kind: "insight", title: "Clienti infastiditi dal sondaggio dopo ogni chiamata", body: "Anche due chiamate nello stesso giorno generano due sondaggi.", area: "process", channel: "phone", team: "Commerciale", tags: ["sondaggi", "csat"], status: "done" },
  { kind: "idea", title: "Un solo sondaggio ogni 30 giorni per cliente", body: "", area: "policy", channel: "email", team: "Commerciale", tags: ["sondaggi"], status: "done" },
  { kind: "insight", title: "Offerte diverse tra negozio e sito", body: "Il cliente vede un prezzo online e un altro in negozio, e chiama per reclamare.", area: "communication", channel: "store", team: "Commerciale", tags: ["offerte", "prezzi"], status: "under_review" },
  { kind: "idea", title: "Un listino unico visibile agli operatori in tempo reale", body: "", area: "tool_system", channel: null, team: "Commerciale", tags: ["offerte"], status: "new", anonymous: true },
  { kind: "insight", title: "Disdette via PEC non registrate in tempo", body: "Le PEC arrivano in una casella che viene letta una volta a settimana.", area: "process", channel: "email", team: "Back office", tags: ["disdette", "pec"], status: "in_progress" },
  { kind: "idea", title: "Inoltro automatico delle PEC al gestionale", body: "Una regola che crea un ticket per ogni PEC ricevuta.", area: "tool_system", channel: "email", team: "Back office", tags: ["pec", "automazione"], status: "planned" },
  { kind: "insight", title: "Ritardi nelle consegne in Sardegna e Sicilia", body: "Il corriere indica 48 ore ma servono 5-6 giorni.", area: "communication", channel: "chat", team: "Resi e rimborsi", tags: ["consegne", "isole"], status: "under_review" },
  { kind: "idea", title: "Tempi di consegna per regione nel carrello", body: "", area: "product", channel: "web_form", team: "Commerciale", tags: ["consegne"], status: "new" },
  { kind: "insight", title: "Il chatbot non capisce «bolletta» scritto male", body: "«boletta», «bollette», «bolleta» finiscono nel menu principale.", area: "tool_system", channel: "chat", team: "Assistenza tecnica", tags: ["chatbot"], status: "done" },
  { kind: "idea", title: "Passare subito a un operatore dopo due risposte non capite", body: "", area: "tool_system", channel: "chat", team: "Assistenza tecnica", tags: ["chatbot"], status: "in_progress" },
  { kind: "insight", title: "Clienti con disabilità uditiva non possono usare il telefono", body: "Chiedono un canale scritto con tempi certi.", area: "policy", channel: "messaging", team: "Back office", tags: ["accessibilità"], status: "planned" },
  { kind: "idea", title: "Canale WhatsApp dedicato con risposta entro un'ora", body: "", area: "process", channel: "messaging", team: "Back office", tags: ["accessibilità", "whatsapp"], status: "new" },
  { kind: "insight", title: "Troppi trasferimenti tra reparti per le domiciliazioni", body: "Il cliente passa da Fatturazione ad Amministrazione e viceversa.", area: "process", channel: "phone", team: "Fatturazione", tags: ["sepa", "trasferimenti"], status: "under_review" },
  { kind: "idea", title: "Abilitare la Fatturazione a modificare l'IBAN della domiciliazione", body: "", area: "policy", channel: "phone", team: "Fatturazione", tags: ["sepa"], status: "declined" },
  { kind: "insight", title: "Social: lamentele pubbliche senza risposta nel weekend", body: "I post del sabato ricevono risposta il lunedì e nel frattempo raccolgono commenti.", area: "process", channel: "social", team: "Commerciale", tags: ["social", "weekend"], status: "in_progress" },
  { kind: "idea", title: "Turno social di 4 ore il sabato e la domenica", body: "", area: "process", channel: "social", team: "Commerciale", tags: ["social"], status: "planned" },
  { kind: "insight", title: "Moduli di reclamo cartacei in negozio andati persi", body: "", area: "process", channel: "store", team: "Resi e rimborsi", tags: ["reclami", "negozio"], status: "new", anonymous: true },
  { kind: "idea", title: "Modulo di reclamo digitale su tablet in negozio", body: "", area: "tool_system", channel: "store", team: "Resi e rimborsi", tags: ["reclami", "negozio"], status: "new" },
  { kind: "insight", title: "I clienti chiedono la fattura in inglese", body: "Soprattutto clienti business con sede estera.", area: "product", channel: "email", team: "Fatturazione", tags: ["fatture", "lingua"], status: "new" },
  { kind: "idea", title: "Risposte predefinite in inglese per le email", body: "", area: "training", channel: "email", team: "Assistenza tecnica", tags: ["lingua", "template"], status: "done" },
  { kind: "insight", title: "Customers abroad cannot call the toll-free number", body: "The 800 number does not work from outside Italy; expatriate customers email us instead, angry.", area: "tool_system", channel: "email", team: "Back office", tags: ["international"], status: "planned" },
  { kind: "idea", title: "Publish a geographic number for calls from abroad", body: "", area: "tool_system", channel: "phone", team: "Back office", tags: ["international"], status: "in_progress" },
  { kind: "insight", title: "La fattura in PDF non si legge con lo screen reader", body: "Una cliente non vedente ci ha spiegato che il PDF è un'immagine, senza testo selezionabile.", area: "product", channel: "email", team: "Fatturazione", tags: ["accessibilità", "fatture"], status: "under_review" },
  { kind: "idea", title: "Fatture in PDF accessibile", body: "Generare le fatture in PDF/UA, con il testo vero e l'ordine di lettura.", area: "product", channel: null, team: "Fatturazione", tags: ["accessibilità", "fatture"], status: "planned" },
  { kind: "insight", title: "La pagina del rimborso resta «in lavorazione» per settimane", body: "Lo stato non cambia più dopo che il reso è arrivato in magazzino, e i clienti chiamano.", area: "tool_system", channel: "web_form", team: "Resi e rimborsi", tags: ["rimborsi"], status: "in_progress" },
  { kind: "idea", title: "Mostrare ogni passo del rimborso con la sua data", body: "Ricevuto, controllato, approvato, pagato: ognuno con la sua data.", area: "product", channel: "web_form", team: "Resi e rimborsi", tags: ["rimborsi", "self-service"], status: "new" },
  { kind: "insight", title: "Copiamo a mano lo stesso testo di scuse", body: "", area: "tool_system", channel: "chat", team: "Assistenza tecnica", tags: ["macro"], status: "done" },
  { kind: "idea", title: "Una libreria di risposte predefinite condivisa nell'helpdesk", body: "", area: "tool_system", channel: "chat", team: "Assistenza tecnica", tags: ["macro"], status: "done" },
  { kind: "insight", title: "Chiediamo ai clienti gli stessi dati tre volte", body: "Il risponditore automatico, il bot e l'operatore chiedono ognuno il codice cliente.", area: "process", channel: "phone", team: "Assistenza tecnica", tags: ["identificazione"], status: "under_review" },
  { kind: "idea", title: "Passare il codice cliente dal risponditore allo schermo dell'operatore", body: "", area: "tool_system", channel: "phone", team: "Assistenza tecnica", tags: ["identificazione", "ivr"], status: "planned" },
  { kind: "insight", title: "I clienti business vogliono un unico referente", body: "", area: "process", channel: "phone", team: "Commerciale", tags: ["business"], status: "new" },
  { kind: "idea", title: "Un account manager dedicato per i clienti con più di 20 linee", body: "", area: "policy", channel: null, team: "Commerciale", tags: ["business"], status: "declined" },
  { kind: "insight", title: "I clienti scoprono i disservizi prima di noi", body: "Veniamo a sapere dei guasti di rete dalle chiamate, prima che la pagina di stato venga aggiornata.", area: "communication", channel: "social", team: "Assistenza tecnica", tags: ["disservizi"], status: "in_progress" },
  { kind: "idea", title: "Un SMS ai clienti coinvolti entro 15 minuti da un disservizio", body: "", area: "communication", channel: "messaging", team: "Assistenza tecnica", tags: ["disservizi", "sms"], status: "planned" },
  { kind: "insight", title: "La chat si chiude se il cliente cambia pagina", body: "Il cliente perde la conversazione e deve ricominciare da capo.", area: "tool_system", channel: "chat", team: "Assistenza tecnica", tags: ["chat"], status: "new" },
  { kind: "idea", title: "Conservare la conversazione in chat tra le pagine", body: "", area: "tool_system", channel: "chat", team: "Assistenza tecnica", tags: ["chat"], status: "new" },
  { kind: "insight", title: "Resi gratuiti non comunicati bene in negozio", body: "", area: "communication", channel: "store", team: "Resi e rimborsi", tags: ["resi"], status: "duplicate" },
  { kind: "idea", title: "Cartello in cassa sui resi gratuiti entro 30 giorni", body: "", area: "communication", channel: "store", team: "Resi e rimborsi", tags: ["resi", "negozio"], status: "done" },
  { kind: "insight", title: "Troppi clic per aprire una pratica di guasto", body: "Servono 14 clic nel gestionale per aprire un guasto semplice.", area: "tool_system", channel: null, team: "Assistenza tecnica", tags: ["gestionale"], status: "under_review" },
  { kind: "idea", title: "Modello rapido «guasto linea» con i campi già compilati", body: "", area: "tool_system", channel: null, team: "Assistenza tecnica", tags: ["gestionale", "guasti"], status: "new" },
];
